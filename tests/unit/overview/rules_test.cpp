#include "overview/generators/rules.hpp"

#include <set>

#include <gtest/gtest.h>

#include "overview/generators/rule_tests.hpp"
#include "tests/support/paths.hpp"

namespace dcm::overview {
namespace {

TEST(Rules, EveryAlertHasForAndASeverity) {
  auto fleet = load_fleet(test::source_path("deploy/examples/fleet.yaml"));
  std::set<std::string> names;
  for (const auto& group : alert_groups(fleet)) {
    for (const auto& rule : group.rules) {
      EXPECT_TRUE(names.insert(rule.name).second) << rule.name;
      EXPECT_GT(rule.for_duration.count(), 0) << rule.name;
      EXPECT_TRUE(rule.severity == "warning" || rule.severity == "critical") << rule.name;
      EXPECT_FALSE(rule.summary.empty());
      EXPECT_FALSE(rule.description.empty());
    }
  }
  // The list.
  for (const char* required :
       {"GpuVramTemperatureHigh", "GpuHotspotTemperatureHigh", "GpuFanFailed", "GpuFanStuck",
        "GpuThermalThrottling", "GpuPcieAerUncorrectable", "GpuPcieAerCorrectableRising", "GpuMissing",
        "ExporterDown", "NodeDown", "DiskAlmostFull", "BmcUnreachable", "IpmiCriticalEvent"}) {
    EXPECT_TRUE(names.count(required)) << required;
  }
}

TEST(Rules, EveryAlertHasAUnitTestThatSeesItQuietAndFiring) {
  for (const char* path : {"deploy/examples/fleet.yaml", "tests/fixtures/overview/fleets/traefik.yaml",
                           "tests/fixtures/overview/fleets/host_prometheus.yaml"}) {
    SCOPED_TRACE(path);
    auto fleet = load_fleet(test::source_path(path));
    std::set<std::string> quiet;
    std::set<std::string> firing;
    for (const auto& test_case : alert_test_cases(fleet)) {
      for (const auto& check : test_case.checks) {
        (check.alerts.empty() ? quiet : firing).insert(test_case.alert);
      }
    }
    for (const auto& group : alert_groups(fleet)) {
      for (const auto& rule : group.rules) {
        EXPECT_TRUE(quiet.count(rule.name)) << rule.name << " has no quiet case";
        EXPECT_TRUE(firing.count(rule.name)) << rule.name << " has no firing case";
      }
    }
  }
}

TEST(Rules, AlertsForProgramsNotRunAreLeftOut) {
  auto fleet = load_fleet(test::fixture_path("overview/fleets/host_prometheus.yaml"));
  for (const auto& group : alert_groups(fleet)) {
    EXPECT_NE(group.name, "dc-overview-ipmi");
  }
}

TEST(Rules, ThresholdsComeFromTheFleet) {
  auto fleet = load_fleet(test::fixture_path("overview/fleets/traefik.yaml"));
  bool seen = false;
  for (const auto& group : alert_groups(fleet)) {
    for (const auto& rule : group.rules) {
      if (rule.name == "GpuVramTemperatureHigh") {
        EXPECT_EQ(rule.expr, "DCGM_FI_DEV_VRAM_TEMP > 90");
        seen = true;
      }
    }
  }
  EXPECT_TRUE(seen);
}

TEST(Rules, AnnotationsExpandAsPrometheusDoes) {
  const std::vector<std::pair<std::string, std::string>> labels = {{"instance", "gpu-01"}, {"gpu", "3"}};
  EXPECT_EQ(
      expand_annotation("GPU {{ $labels.gpu }} on {{ $labels.instance }} at {{ $value }} °C", labels, 97.5),
      "GPU 3 on gpu-01 at 97.5 °C");
  EXPECT_EQ(expand_annotation("{{ $value | printf \"%.1f\" }} % free", labels, 7.500000000000001),
            "7.5 % free");
  EXPECT_EQ(expand_annotation("{{ $labels.missing }}", labels, 0), "<no value>");
  EXPECT_THROW(expand_annotation("{{ humanize $value }}", labels, 0), std::logic_error);
}

}  // namespace
}  // namespace dcm::overview
