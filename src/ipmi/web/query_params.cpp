#include "ipmi/web/query_params.hpp"

#include <cmath>

#include "core/config/text.hpp"

namespace dcm::ipmi::web {
namespace {
std::optional<std::string> raw(const core::http::Request& request, const std::string& name) {
  if (!request.has_param(name)) {
    return std::nullopt;
  }
  auto value = request.get_param_value(name);
  if (value.empty()) {
    return std::nullopt;
  }
  return value;
}
}  // namespace

std::optional<TimePoint> time_param(const core::http::Request& request, const std::string& name) {
  auto text = raw(request, name);
  if (!text) {
    return std::nullopt;
  }
  auto seconds = core::config::parse_double(*text);
  if (!seconds || !std::isfinite(*seconds) || *seconds < 0 || *seconds > 1e11) {
    throw BadRequest(name + ": expected Unix seconds, got '" + text->substr(0, 40) + "'");
  }
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::duration<double>(*seconds)));
}

std::optional<std::size_t> count_param(const core::http::Request& request, const std::string& name,
                                       std::size_t max) {
  auto text = raw(request, name);
  if (!text) {
    return std::nullopt;
  }
  auto value = core::config::parse_int<std::size_t>(*text);
  if (!value || *value > max) {
    throw BadRequest(name + ": expected a whole number from 0 to " + std::to_string(max));
  }
  return value;
}

std::optional<bool> bool_param(const core::http::Request& request, const std::string& name) {
  auto text = raw(request, name);
  if (!text) {
    return std::nullopt;
  }
  if (*text == "true" || *text == "1" || *text == "yes") {
    return true;
  }
  if (*text == "false" || *text == "0" || *text == "no") {
    return false;
  }
  throw BadRequest(name + ": expected true or false");
}

std::optional<Severity> severity_param(const core::http::Request& request, const std::string& name) {
  auto text = raw(request, name);
  if (!text) {
    return std::nullopt;
  }
  for (auto severity : {Severity::kInfo, Severity::kWarning, Severity::kCritical}) {
    if (*text == to_string(severity)) {
      return severity;
    }
  }
  throw BadRequest(name + ": expected info, warning or critical");
}

store::EventFilter event_filter(const core::http::Request& request) {
  store::EventFilter filter;
  filter.min_severity = severity_param(request, "severity").value_or(Severity::kInfo);
  if (auto server = raw(request, "server")) {
    filter.server = *server;
  }
  filter.from = time_param(request, "from");
  filter.to = time_param(request, "to");
  filter.acknowledged = bool_param(request, "acknowledged");
  filter.limit = count_param(request, "limit", 500).value_or(100);
  if (filter.limit == 0) {
    throw BadRequest("limit: expected a whole number from 1 to 500");
  }
  filter.offset = count_param(request, "offset", 1'000'000).value_or(0);
  return filter;
}

}  // namespace dcm::ipmi::web
