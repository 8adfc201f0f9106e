#include "overview/inventory.hpp"

#include <filesystem>

#include <gtest/gtest.h>

#include "core/config/config_error.hpp"
#include "tests/support/paths.hpp"

namespace dcm::overview {
namespace {

constexpr const char* kMinimal = R"yaml(site: jhb1
master:
  ip: 10.0.0.1
workers:
  - name: gpu-01
    ip: 10.0.0.11
)yaml";

std::string error_of(std::string_view text) {
  try {
    parse_fleet(text, "fleet.yaml");
  } catch (const core::config::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Inventory, ReadsTheShippedExample) {
  auto fleet = load_fleet(test::source_path("deploy/examples/fleet.yaml"));
  EXPECT_EQ(fleet.site, "jhb1");
  EXPECT_EQ(fleet.master.name, "master");
  EXPECT_EQ(fleet.master.ip, "192.168.1.100");
  EXPECT_EQ(fleet.grafana_domain, "grafana.example.com");
  EXPECT_EQ(fleet.ipmi_domain, "ipmi.example.com");
  EXPECT_EQ(fleet.tls_mode, TlsMode::kSelfSigned);
  EXPECT_EQ(fleet.internal_cidr, "192.168.1.0/24");
  EXPECT_EQ(fleet.prometheus_runtime, PrometheusRuntime::kDocker);
  EXPECT_EQ(fleet.scrape_interval, std::chrono::seconds(15));
  EXPECT_EQ(fleet.slow_scrape_interval, std::chrono::seconds(60));
  EXPECT_EQ(fleet.retention, "30d");
  EXPECT_TRUE(fleet.ipmi_monitor);
  EXPECT_FALSE(fleet.vastai);
  EXPECT_EQ(fleet.watchdog_url, "https://watchdog.example.com");
  ASSERT_EQ(fleet.workers.size(), 3u);
  const auto& first = fleet.workers[0];
  EXPECT_EQ(first.name, "gpu-worker-01");
  EXPECT_TRUE(first.has(WorkerExporter::kNodeExporter));
  EXPECT_TRUE(first.has(WorkerExporter::kDcgmExporter));
  EXPECT_TRUE(first.has(WorkerExporter::kDcExporter));
  EXPECT_TRUE(first.watchdog_agent);
  const auto& third = fleet.workers[2];
  EXPECT_FALSE(third.has(WorkerExporter::kDcgmExporter));
  EXPECT_EQ(third.port(WorkerExporter::kDcExporter), 9500);
}

TEST(Inventory, DefaultsFollowTheSeed) {
  auto fleet = parse_fleet(kMinimal, "fleet.yaml");
  EXPECT_EQ(fleet.tls_mode, TlsMode::kSelfSigned);
  EXPECT_EQ(fleet.prometheus_port, 9090);
  EXPECT_EQ(fleet.grafana_port, 3000);
  EXPECT_EQ(fleet.ipmi_monitor_port, 5000);
  EXPECT_EQ(fleet.vastai_port, 8622);
  EXPECT_EQ(fleet.master.node_exporter_port, 9100);
  EXPECT_TRUE(fleet.ipmi_monitor);
  EXPECT_TRUE(fleet.watchdog_url.empty());
  ASSERT_EQ(fleet.workers.size(), 1u);
  EXPECT_EQ(fleet.workers[0].port(WorkerExporter::kNodeExporter), 9100);
  EXPECT_EQ(fleet.workers[0].port(WorkerExporter::kDcgmExporter), 9400);
  EXPECT_EQ(fleet.workers[0].port(WorkerExporter::kDcExporter), 9500);
  EXPECT_FALSE(fleet.workers[0].watchdog_agent);
}

TEST(Inventory, NonNvidiaWorkersDefaultToNodeExporterOnly) {
  auto fleet = parse_fleet(std::string(kMinimal) + "    gpu_vendor: amd\n", "fleet.yaml");
  EXPECT_TRUE(fleet.workers[0].has(WorkerExporter::kNodeExporter));
  EXPECT_FALSE(fleet.workers[0].has(WorkerExporter::kDcgmExporter));
  EXPECT_FALSE(fleet.workers[0].has(WorkerExporter::kDcExporter));
}

TEST(Inventory, LoopbackAddressesAreFineWhenPrometheusRunsOnTheHost) {
  auto fleet = parse_fleet(R"yaml(site: lab
prometheus:
  runs_in: host
master:
  ip: 127.0.0.1
workers:
  - name: a
    ip: 127.0.0.2
  - name: b
    ip: "::1"
)yaml",
                           "fleet.yaml");
  EXPECT_EQ(fleet.workers[1].ip, "::1");
  EXPECT_EQ(host_port(fleet.workers[1].ip, 9500), "[::1]:9500");
}

TEST(Inventory, WatchdogAgentCanBeTurnedOffPerWorker) {
  auto fleet = parse_fleet(R"yaml(site: jhb1
master:
  ip: 10.0.0.1
watchdog:
  url: https://watchdog.example.com/
workers:
  - name: a
    ip: 10.0.0.11
  - name: b
    ip: 10.0.0.12
    watchdog_agent: false
)yaml",
                           "fleet.yaml");
  EXPECT_EQ(fleet.watchdog_url, "https://watchdog.example.com");
  EXPECT_TRUE(fleet.workers[0].watchdog_agent);
  EXPECT_FALSE(fleet.workers[1].watchdog_agent);
}

TEST(Inventory, AnEmptyFileNamesWhatIsExpected) {
  EXPECT_EQ(error_of(""), "fleet.yaml: empty (expected site:, master: and workers:)");
}

TEST(Inventory, TheFirstProblemIsReportedWithItsLine) {
  EXPECT_EQ(
      error_of(std::string(kMinimal) + "    ports: {node_exporter: 70000}\n"),
      "fleet.yaml:7: workers[0].ports.node_exporter: invalid value '70000' (expected a whole number from 1 "
      "to 65535)");
}

// One file per message under tests/fixtures/overview/bad: NAME.yaml and NAME.err (the exact text).
TEST(Inventory, EveryBadFleetFixtureGivesItsExactMessage) {
  const auto dir = test::fixture_path("overview/bad");
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") {
      continue;
    }
    auto expected_path = entry.path();
    expected_path.replace_extension(".err");
    auto expected = test::read_file(expected_path);
    while (!expected.empty() && expected.back() == '\n') {
      expected.pop_back();
    }
    EXPECT_EQ(error_of(test::read_file(entry.path())), expected) << entry.path();
    ++checked;
  }
  EXPECT_GE(checked, 25);
}

}  // namespace
}  // namespace dcm::overview
