#include "ipmi/alerts/alert_message.hpp"

#include <algorithm>

namespace dcm::ipmi::alerts {
namespace {

core::notify::Severity notify_severity(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return core::notify::Severity::kInfo;
    case Severity::kWarning:
      return core::notify::Severity::kWarning;
    case Severity::kCritical:
      return core::notify::Severity::kCritical;
  }
  return core::notify::Severity::kInfo;
}

// "event: ...", "FIRING rule: ...", "RESOLVED rule: ...".
std::string line_of(const store::AlertRecord& alert, bool instant) {
  if (instant) {
    return alert.rule + ": " + alert.summary;
  }
  if (alert.state == store::AlertState::kResolved) {
    return "RESOLVED " + alert.rule + ": " + alert.summary;
  }
  return "FIRING " + alert.rule + ": " + alert.summary;
}

}  // namespace

core::notify::Message group_message(const std::string& server, const std::vector<store::AlertRecord>& alerts,
                                    const std::function<bool(const std::string&)>& instant) {
  core::notify::Message message;
  const std::string name = server.empty() ? "ipmi-monitor" : server;
  message.group_key = "server/" + name;
  bool any_active = false;
  Severity worst = Severity::kInfo;
  for (const auto& alert : alerts) {
    const bool is_instant = instant(alert.rule);
    if (is_instant || alert.state == store::AlertState::kFiring) {
      any_active = true;
      worst = std::max(worst, alert.severity);
    }
  }
  message.severity = any_active ? notify_severity(worst) : core::notify::Severity::kResolved;
  if (alerts.size() == 1) {
    message.title = name + ": " + line_of(alerts.front(), instant(alerts.front().rule));
    message.body = "server " + name + ", rule " + alerts.front().rule + ", severity " +
                   std::string(to_string(alerts.front().severity));
    return message;
  }
  message.title = name + ": " + std::to_string(alerts.size()) + " alerts";
  for (const auto& alert : alerts) {
    if (!message.body.empty()) {
      message.body += '\n';
    }
    message.body += "- " + line_of(alert, instant(alert.rule));
  }
  return message;
}

}  // namespace dcm::ipmi::alerts
