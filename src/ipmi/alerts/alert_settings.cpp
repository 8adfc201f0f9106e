#include "ipmi/alerts/alert_settings.hpp"

#include <cstdio>
#include <ctime>
#include <set>

#include "core/config/text.hpp"
#include "core/secrets/secret_file.hpp"

namespace dcm::ipmi::alerts {
namespace {

using core::config::YamlNode;

Severity severity_of(const YamlNode& node) {
  const auto text = node.as_string();
  if (text == "info") {
    return Severity::kInfo;
  }
  if (text == "warning") {
    return Severity::kWarning;
  }
  if (text == "critical") {
    return Severity::kCritical;
  }
  node.fail("invalid value '" + text + "' (expected info, warning or critical)");
}

std::chrono::seconds duration_of(const YamlNode& node) {
  auto value = std::chrono::duration_cast<std::chrono::seconds>(node.as_duration());
  if (value.count() < 0) {
    node.fail("must not be negative");
  }
  return value;
}

Rule parse_rule(const YamlNode& node) {
  Rule rule;
  rule.name = node.require("name").as_string();
  if (rule.name.empty()) {
    node.require("name").fail("must not be empty");
  }
  const auto type_node = node.require("type");
  const auto type = type_node.as_string();
  if (type == "event") {
    node.allow_keys({"name", "type", "severity"});
    rule.kind = RuleKind::kEvent;
  } else if (type == "sensor_state") {
    node.allow_keys({"name", "type", "sensor", "severity"});
    rule.kind = RuleKind::kSensorState;
  } else if (type == "sensor_threshold") {
    node.allow_keys({"name", "type", "sensor", "op", "value", "for", "severity"});
    rule.kind = RuleKind::kSensorThreshold;
    rule.severity = Severity::kWarning;
    const auto op_node = node.require("op");
    const auto op = op_node.as_string();
    if (op == ">") {
      rule.op = Comparison::kGreater;
    } else if (op == ">=") {
      rule.op = Comparison::kGreaterEqual;
    } else if (op == "<") {
      rule.op = Comparison::kLess;
    } else if (op == "<=") {
      rule.op = Comparison::kLessEqual;
    } else {
      op_node.fail("invalid value '" + op + "' (expected >, >=, < or <=)");
    }
    const auto value_node = node.require("value");
    auto value = core::config::parse_double(value_node.as_string());
    if (!value) {
      value_node.fail("not a number");
    }
    rule.value = *value;
  } else if (type == "unreachable") {
    node.allow_keys({"name", "type", "for", "severity"});
    rule.kind = RuleKind::kUnreachable;
    rule.for_duration = std::chrono::minutes(5);
  } else if (type == "power_change") {
    node.allow_keys({"name", "type", "severity"});
    rule.kind = RuleKind::kPowerChange;
    rule.severity = Severity::kWarning;
  } else {
    type_node.fail("invalid value '" + type +
                   "' (expected event, sensor_state, sensor_threshold, unreachable or power_change)");
  }
  if (auto n = node.get("severity"); n.defined()) {
    rule.severity = severity_of(n);
  }
  if (auto n = node.get("sensor"); n.defined()) {
    rule.sensor = n.as_string();
  }
  if (auto n = node.get("for"); n.defined()) {
    rule.for_duration = duration_of(n);
  }
  return rule;
}

std::string secret_from(const YamlNode& block, const std::string& key,
                        const std::filesystem::path& base_dir) {
  auto node = block.get(key);
  if (!node.defined()) {
    return {};
  }
  std::filesystem::path path = node.as_string();
  if (path.is_relative()) {
    path = base_dir / path;
  }
  try {
    return core::secrets::read_secret_file(path);
  } catch (const std::exception& e) {
    node.fail(e.what());
  }
}

TelegramSettings parse_telegram(const YamlNode& node, const AlertEnv& env,
                                const std::filesystem::path& base_dir) {
  node.allow_keys({"token", "token_file", "chat_id", "api_url"});
  TelegramSettings telegram;
  if (auto n = node.get("api_url"); n.defined()) {
    telegram.api_url = n.as_string();
    if (!telegram.api_url.starts_with("http://") && !telegram.api_url.starts_with("https://")) {
      n.fail("must start with http:// or https://");
    }
  }
  if (auto n = node.get("token"); n.defined()) {
    telegram.token = n.as_string();
  }
  if (auto file = secret_from(node, "token_file", base_dir); !file.empty()) {
    telegram.token = file;
  }
  if (telegram.token.empty() && env.telegram_token) {
    telegram.token = *env.telegram_token;
  }
  if (auto n = node.get("chat_id"); n.defined()) {
    telegram.chat_id = n.as_string();
  } else if (env.telegram_chat_id) {
    telegram.chat_id = *env.telegram_chat_id;
  }
  if (telegram.token.empty()) {
    node.fail("needs token, token_file or the TELEGRAM_TOKEN environment variable");
  }
  if (telegram.chat_id.empty()) {
    node.fail("needs chat_id or the TELEGRAM_CHAT_ID environment variable");
  }
  return telegram;
}

WebhookSettings parse_webhook(const YamlNode& node, const std::filesystem::path& base_dir) {
  node.allow_keys({"url", "token_file"});
  WebhookSettings webhook;
  const auto url = node.require("url");
  webhook.url = url.as_string();
  if (!webhook.url.starts_with("http://") && !webhook.url.starts_with("https://")) {
    url.fail("must start with http:// or https://");
  }
  webhook.bearer_token = secret_from(node, "token_file", base_dir);
  return webhook;
}

// "2026-11-25T10:00:00Z" or "2026-11-25 10:00" (UTC).
TimePoint time_of(const YamlNode& node) {
  const auto text = node.as_string();
  std::tm tm{};
  int consumed = 0;
  char sep = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &sep,
                  &tm.tm_hour, &tm.tm_min, &consumed) != 6 ||
      (sep != 'T' && sep != ' ')) {
    node.fail("invalid time '" + text + "' (expected YYYY-MM-DDTHH:MM[:SS]Z, UTC)");
  }
  std::string_view rest = std::string_view(text).substr(static_cast<std::size_t>(consumed));
  if (rest.size() >= 3 && rest[0] == ':') {
    tm.tm_sec = (rest[1] - '0') * 10 + (rest[2] - '0');
    rest.remove_prefix(3);
  }
  if (rest == "Z") {
    rest = {};
  }
  if (!rest.empty() || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
      tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59) {
    node.fail("invalid time '" + text + "' (expected YYYY-MM-DDTHH:MM[:SS]Z, UTC)");
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// "HH:MM-HH:MM".
std::pair<int, int> daily_of(const YamlNode& node) {
  const auto text = node.as_string();
  int h1 = -1, m1 = -1, h2 = -1, m2 = -1, consumed = 0;
  if (std::sscanf(text.c_str(), "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &consumed) != 4 ||
      static_cast<std::size_t>(consumed) != text.size() || h1 < 0 || h1 > 23 || h2 < 0 || h2 > 24 || m1 < 0 ||
      m1 > 59 || m2 < 0 || m2 > 59 || (h2 == 24 && m2 != 0)) {
    node.fail("invalid daily window '" + text + "' (expected HH:MM-HH:MM, UTC)");
  }
  if (h1 * 60 + m1 == h2 * 60 + m2) {
    node.fail("empty daily window '" + text + "'");
  }
  return {h1 * 60 + m1, h2 * 60 + m2};
}

MaintenanceWindow parse_window(const YamlNode& node) {
  node.allow_keys({"servers", "tags", "start", "end", "daily"});
  MaintenanceWindow window;
  if (auto n = node.get("servers"); n.defined()) {
    window.servers = n.as_string_list();
  }
  if (auto n = node.get("tags"); n.defined()) {
    for (const auto& [key, value] : n.entries()) {
      window.tags[key] = value.as_string();
    }
  }
  if (auto n = node.get("daily"); n.defined()) {
    window.daily = daily_of(n);
    if (node.get("start").defined() || node.get("end").defined()) {
      n.fail("daily cannot be combined with start/end");
    }
  } else {
    window.start = time_of(node.require("start"));
    window.end = time_of(node.require("end"));
    if (*window.end <= *window.start) {
      node.require("end").fail("is not after start");
    }
  }
  return window;
}

}  // namespace

bool is_instant(RuleKind kind) {
  return kind == RuleKind::kEvent || kind == RuleKind::kPowerChange;
}

std::vector<Rule> default_rules() {
  std::vector<Rule> rules(3);
  rules[0].name = "critical-events";
  rules[0].kind = RuleKind::kEvent;
  rules[1].name = "critical-sensors";
  rules[1].kind = RuleKind::kSensorState;
  rules[2].name = "bmc-unreachable";
  rules[2].kind = RuleKind::kUnreachable;
  rules[2].for_duration = std::chrono::minutes(5);
  return rules;
}

AlertSettings parse_alert_settings(const YamlNode& root, const AlertEnv& env,
                                   const std::filesystem::path& base_dir) {
  AlertSettings settings;
  if (!root.defined()) {
    settings.rules = default_rules();
  } else if (auto alerts = root.get("alerts"); !alerts.defined()) {
    settings.rules = default_rules();
  } else {
    if (!alerts.is_sequence()) {
      alerts.fail("must be a list of rules");
    }
    std::set<std::string> names;
    for (const auto& item : alerts.items()) {
      auto rule = parse_rule(item);
      if (!names.insert(rule.name).second) {
        item.require("name").fail("duplicate rule name '" + rule.name + "'");
      }
      settings.rules.push_back(std::move(rule));
    }
  }
  if (root.defined()) {
    if (auto notifiers = root.get("notifiers"); notifiers.defined()) {
      notifiers.allow_keys({"telegram", "webhook"});
      if (auto n = notifiers.get("telegram"); n.defined()) {
        settings.telegram = parse_telegram(n, env, base_dir);
      }
      if (auto n = notifiers.get("webhook"); n.defined()) {
        settings.webhook = parse_webhook(n, base_dir);
      }
    }
    if (auto maintenance = root.get("maintenance"); maintenance.defined()) {
      if (!maintenance.is_sequence()) {
        maintenance.fail("must be a list of windows");
      }
      for (const auto& item : maintenance.items()) {
        settings.maintenance.push_back(parse_window(item));
      }
    }
  }
  if (!settings.telegram && env.telegram_token && env.telegram_chat_id) {
    settings.telegram =
        TelegramSettings{"https://api.telegram.org", *env.telegram_token, *env.telegram_chat_id};
  }
  return settings;
}

}  // namespace dcm::ipmi::alerts
