#include "ipmi/settings.hpp"

#include <gtest/gtest.h>

#include "core/config/config_error.hpp"
#include "tests/support/paths.hpp"

namespace dcm::ipmi {
namespace {

std::string error_of(std::string_view text) {
  try {
    parse_settings(text, "config.yaml");
  } catch (const core::config::ConfigError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(Settings, DefaultsWhenEmptyOrMissing) {
  auto settings = parse_settings("", "config.yaml");
  EXPECT_EQ(settings.collection.workers, 8u);
  EXPECT_EQ(settings.collection.power_interval, std::chrono::seconds(30));
  EXPECT_EQ(settings.raw_retention, std::chrono::hours(24));
  test::TempDir dir;
  EXPECT_EQ(load_settings(dir / "absent.yaml").collection.sel_interval, std::chrono::seconds(60));
}

TEST(Settings, ReadsEveryKey) {
  auto settings = parse_settings(R"yaml(collection:
  workers: 32
  power_interval: 15s
  sensor_interval: 2m
  sel_interval: 45s
  max_backoff: 30m
retention:
  raw: 48h
  rollups: 90d
web:
  trusted_proxies: [10.1.0.5]
metrics:
  auth: bearer
  token_file: /etc/ipmi-monitor/metrics.token
)yaml",
                                 "config.yaml");
  EXPECT_EQ(settings.collection.workers, 32u);
  EXPECT_EQ(settings.collection.sensor_interval, std::chrono::minutes(2));
  EXPECT_EQ(settings.collection.max_backoff, std::chrono::minutes(30));
  EXPECT_EQ(settings.rollup_retention, std::chrono::hours(90 * 24));
  EXPECT_EQ(settings.trusted_proxies, std::vector<std::string>{"10.1.0.5"});
  EXPECT_EQ(settings.metrics_auth, MetricsAuth::kBearer);
}

TEST(Settings, ErrorsNameTheLineAndKey) {
  EXPECT_EQ(error_of("collection:\n  workers: 0\n"),
            "config.yaml:2: collection.workers: invalid value '0' (expected a whole number from 1 to 1024)");
  EXPECT_EQ(error_of("collection:\n  pool: 4\n"),
            "config.yaml:2: collection.pool: unknown key (known: workers, power_interval, sensor_interval, "
            "sel_interval, max_backoff)");
  EXPECT_EQ(
      error_of("retention:\n  raw: 48h\n  rollups: 24h\n"),
      "config.yaml:3: retention.rollups: shorter than retention.raw (rollups are made from raw samples that "
      "age out)");
  EXPECT_EQ(error_of("metrics:\n  auth: bearer\n"),
            "config.yaml:2: metrics: auth needs token_file (the bearer token, or user:password for basic)");
  EXPECT_EQ(error_of("collection:\n  power_interval: 1s\n"),
            "config.yaml:2: collection.power_interval: too short (at least 5s)");
}

}  // namespace
}  // namespace dcm::ipmi
