#include "ipmi/alerts/alert_settings.hpp"

#include <gtest/gtest.h>

#include "core/config/config_error.hpp"
#include "ipmi/settings.hpp"
#include "tests/support/paths.hpp"

namespace dcm::ipmi::alerts {
namespace {

std::string error_of(std::string_view text, const AlertEnv& env = {}) {
  try {
    parse_settings(text, "config.yaml", env);
  } catch (const core::config::ConfigError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(AlertSettings, DefaultRulesWithoutAnAlertsKey) {
  auto settings = parse_settings("", "config.yaml").alerts;
  ASSERT_EQ(settings.rules.size(), 3u);
  EXPECT_EQ(settings.rules[2].kind, RuleKind::kUnreachable);
  EXPECT_EQ(settings.rules[2].for_duration, std::chrono::minutes(5));
  EXPECT_FALSE(settings.telegram);
  EXPECT_TRUE(parse_settings("alerts: []\n", "config.yaml").alerts.rules.empty());
}

TEST(AlertSettings, ReadsEveryRuleNotifierAndWindow) {
  test::TempDir dir;
  test::write_file(dir / "tg.token", "123:abc\n");
  test::write_file(dir / "hook.token", "hook-secret\n");
  const auto config = dir / "config.yaml";
  test::write_file(config, R"yaml(alerts:
  - {name: sel, type: event, severity: warning}
  - {name: crit, type: sensor_state, sensor: "PSU*"}
  - {name: hot, type: sensor_threshold, sensor: "Inlet Temp", op: ">=", value: 40.5, for: 2m}
  - {name: down, type: unreachable, for: 10m}
  - {name: power, type: power_change, severity: info}
notifiers:
  telegram: {token_file: tg.token, chat_id: "-100123", api_url: "http://127.0.0.1:9"}
  webhook: {url: "https://hooks.example.org/x", token_file: hook.token}
maintenance:
  - {servers: [gpu-01], start: "2026-11-25T10:00:00Z", end: "2026-11-25T12:00Z"}
  - {tags: {rack: r1}, daily: "23:30-01:00"}
)yaml");
  auto settings = load_settings(config).alerts;
  ASSERT_EQ(settings.rules.size(), 5u);
  EXPECT_EQ(settings.rules[0].severity, Severity::kWarning);
  EXPECT_EQ(settings.rules[1].sensor, "PSU*");
  EXPECT_EQ(settings.rules[2].op, Comparison::kGreaterEqual);
  EXPECT_DOUBLE_EQ(settings.rules[2].value, 40.5);
  EXPECT_EQ(settings.rules[2].for_duration, std::chrono::minutes(2));
  EXPECT_EQ(settings.rules[3].for_duration, std::chrono::minutes(10));
  EXPECT_EQ(settings.rules[4].kind, RuleKind::kPowerChange);
  ASSERT_TRUE(settings.telegram);
  EXPECT_EQ(settings.telegram->token, "123:abc");
  EXPECT_EQ(settings.telegram->chat_id, "-100123");
  EXPECT_EQ(settings.telegram->api_url, "http://127.0.0.1:9");
  ASSERT_TRUE(settings.webhook);
  EXPECT_EQ(settings.webhook->bearer_token, "hook-secret");
  ASSERT_EQ(settings.maintenance.size(), 2u);
  EXPECT_EQ(settings.maintenance[0].end.value() - settings.maintenance[0].start.value(),
            std::chrono::hours(2));
  EXPECT_EQ(settings.maintenance[1].daily, std::make_pair(23 * 60 + 30, 60));
}

TEST(AlertSettings, EnvironmentFillsTelegram) {
  AlertEnv env{"env-token", "42"};
  auto settings = parse_settings("", "config.yaml", env).alerts;
  ASSERT_TRUE(settings.telegram);
  EXPECT_EQ(settings.telegram->api_url, "https://api.telegram.org");
  auto partial =
      parse_settings("notifiers:\n  telegram: {api_url: 'http://127.0.0.1:1'}\n", "config.yaml", env);
  EXPECT_EQ(partial.alerts.telegram->token, "env-token");
  EXPECT_EQ(partial.alerts.telegram->chat_id, "42");
}

TEST(AlertSettings, BadInputNamesFileLineAndField) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"alerts:\n  - {name: a, type: sel}\n", "config.yaml:2: alerts[0].type: invalid value 'sel'"},
      {"alerts:\n  - {type: event}\n", "alerts[0].name"},
      {"alerts:\n  - {name: a, type: event}\n  - {name: a, type: event}\n", "duplicate rule name 'a'"},
      {"alerts:\n  - {name: a, type: event, colour: red}\n", "colour"},
      {"alerts:\n  - {name: a, type: sensor_threshold, op: '=', value: 1}\n", "expected >, >=, < or <="},
      {"alerts:\n  - {name: a, type: sensor_threshold, op: '>', value: hot}\n", "not a number"},
      {"alerts:\n  - {name: a, type: event, severity: bad}\n", "expected info, warning or critical"},
      {"alerts: {name: a}\n", "must be a list of rules"},
      {"notifiers:\n  telegram: {chat_id: '1'}\n", "needs token"},
      {"notifiers:\n  telegram: {token: t}\n", "needs chat_id"},
      {"notifiers:\n  telegram: {token: t, chat_id: '1', api_url: ftp://x}\n", "must start with http"},
      {"notifiers:\n  telegram: {token_file: /nonexistent/tg, chat_id: '1'}\n", "token_file"},
      {"notifiers:\n  webhook: {}\n", "url"},
      {"notifiers:\n  slack: {}\n", "slack"},
      {"maintenance:\n  - {daily: '25:00-01:00'}\n", "invalid daily window"},
      {"maintenance:\n  - {daily: '01:00-01:00'}\n", "empty daily window"},
      {"maintenance:\n  - {start: '2026-11-25T10:00Z', end: '2026-11-25T09:00Z'}\n", "is not after start"},
      {"maintenance:\n  - {start: 'yesterday', end: '2026-11-25T09:00Z'}\n", "invalid time 'yesterday'"},
  };
  for (const auto& c : cases) {
    EXPECT_NE(error_of(c.text).find(c.expected), std::string::npos) << c.text << " -> " << error_of(c.text);
  }
}

}  // namespace
}  // namespace dcm::ipmi::alerts
