// The `alerts:`, `notifiers:` and `maintenance:` blocks of config.yaml (docs/ipmi-monitor/alerts.md): which
// conditions fire alerts, where notifications go, and when servers are in maintenance (alerts are recorded,
// notifications suppressed).
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config/yaml_reader.hpp"
#include "ipmi/model.hpp"

namespace dcm::ipmi::alerts {

enum class RuleKind { kEvent, kSensorState, kSensorThreshold, kUnreachable, kPowerChange };
enum class Comparison { kGreater, kGreaterEqual, kLess, kLessEqual };

struct Rule {
  std::string name;  // unique; part of every dedup key
  RuleKind kind = RuleKind::kEvent;
  Severity severity = Severity::kCritical;  // event: the minimum; others: the alert's severity
  std::string sensor = "*";                 // sensor rules: a name pattern, '*' matches any run of characters
  Comparison op = Comparison::kGreater;     // sensor_threshold
  double value = 0;                         // sensor_threshold
  std::chrono::seconds for_duration{0};     // sensor_threshold, unreachable: how long before it fires
};

// Instant rules (SEL events, power changes) record an alert that is resolved at once: one notification.
bool is_instant(RuleKind kind);

struct TelegramSettings {
  std::string api_url = "https://api.telegram.org";
  std::string token;  // secret: from token, token_file or TELEGRAM_TOKEN
  std::string chat_id;
};

struct WebhookSettings {
  std::string url;
  std::string bearer_token;  // from token_file; empty: no Authorization header
};

// A window matches a server by name (servers) or by tags (every listed tag equal); neither: every server.
// Either absolute (start, end) or daily ("HH:MM-HH:MM" UTC, may cross midnight).
struct MaintenanceWindow {
  std::vector<std::string> servers;
  std::map<std::string, std::string> tags;
  std::optional<TimePoint> start, end;
  std::optional<std::pair<int, int>> daily;  // minutes after midnight UTC: [from, to)
};

struct AlertSettings {
  std::vector<Rule> rules;
  std::optional<TelegramSettings> telegram;
  std::optional<WebhookSettings> webhook;
  std::vector<MaintenanceWindow> maintenance;
};

// The defaults when config.yaml has no `alerts:` key: critical SEL events, critical sensors, BMC unreachable
// for 5 minutes.
std::vector<Rule> default_rules();

struct AlertEnv {
  std::optional<std::string> telegram_token;    // TELEGRAM_TOKEN
  std::optional<std::string> telegram_chat_id;  // TELEGRAM_CHAT_ID
};

// `root` is config.yaml's top level; throws core::config::ConfigError with file:line: path. Token files
// are read here (relative paths against `base_dir`).
AlertSettings parse_alert_settings(const core::config::YamlNode& root, const AlertEnv& env,
                                   const std::filesystem::path& base_dir);

}  // namespace dcm::ipmi::alerts
