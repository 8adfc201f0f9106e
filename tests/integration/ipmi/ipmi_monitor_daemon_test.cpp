// The ipmi-monitor daemon end to end: the real binary over a fleet of simulated BMCs (OpenIPMI ipmi_sim for
// IPMI over LAN, our redfish-sim for Redfish), its /metrics scraped by a real Prometheus, its backup command,
// and its refusal to start on a broken inventory.
#include <csignal>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/ipmi_sim_fleet.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"
#include "tests/support/promtool.hpp"
#include "tests/support/redfish_sim.hpp"

namespace dcm::test {
namespace {

using namespace std::chrono_literals;

std::optional<double> sample(const std::string& exposition, const std::string& series) {
  std::istringstream in(exposition);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(series + " ")) {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return std::nullopt;
}

std::string servers_yaml(IpmiSimFleet& ipmi, RedfishSimProcess& redfish) {
  std::string yaml = "defaults:\n  user: dcmon\n  password: " + std::string(kBmcPassword) +
                     "\n  cipher_suite: 3\n  workaround_flags: [opensesspriv]\n  timeout: 2s\nservers:\n";
  const char* names[] = {"ipmi-healthy", "ipmi-critical", "ipmi-wrong-password"};
  for (std::size_t i = 0; i < ipmi.size(); ++i) {
    yaml += "  - name: " + std::string(names[i]) + "\n    bmc: 127.0.0.1:" + std::to_string(ipmi[i].port()) +
            "\n    tags: {site: lab1, rack: r" + std::to_string(i + 1) + "}\n";
  }
  yaml += "  - name: redfish-dell\n    bmc: " + redfish.url(0) +
          "\n    protocol: redfish\n    user: root\n    password: calvin-sim\n    tls_verify: false\n";
  return yaml;
}

constexpr const char* kFastConfig = R"yaml(collection:
  workers: 4
  power_interval: 5s
  sensor_interval: 5s
  sel_interval: 5s
)yaml";

class IpmiMonitorDaemon : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "servers.yaml", servers_yaml(ipmi_, redfish_));
    write_file(dir_ / "config.yaml", kFastConfig);
    port_ = free_port();
    daemon_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        binary_path("ipmi-monitor").string(), "--config", (dir_ / "config.yaml").string(), "--servers",
        (dir_ / "servers.yaml").string(), "--data-dir", (dir_ / "data").string(), "--listen",
        "127.0.0.1:" + std::to_string(port_)});
    ASSERT_TRUE(wait_for_http("127.0.0.1", port_, "/healthz")) << daemon_->err();
  }

  // Scrapes until `done` holds, or 60 s pass.
  std::string scrape_until(const std::function<bool(const std::string&)>& done) {
    std::string last;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto body = http_get("127.0.0.1", port_, "/metrics")) {
        last = *body;
        if (done(last)) {
          break;
        }
      }
      std::this_thread::sleep_for(200ms);
    }
    return last;
  }

  TempDir dir_;
  IpmiSimFleet ipmi_{{"healthy", "critical_events", "wrong_password"}};
  RedfishSimProcess redfish_{{"dell_idrac_like"}, 1, {"--tls"}};
  int port_ = 0;
  std::unique_ptr<ChildProcess> daemon_;
};

TEST_F(IpmiMonitorDaemon, CollectsTheFleetAndServesTheSeedMetrics) {
  auto text = scrape_until([](const std::string& t) {
    return t.find("ipmi_events_critical_24h{server=\"ipmi-critical\"") != std::string::npos &&
           sample(t, "ipmi_events_critical_24h{server=\"ipmi-critical\",bmc=\"127.0.0.1:") == std::nullopt &&
           t.find("ipmi_collection_duration_seconds{server=\"redfish-dell\"") != std::string::npos &&
           t.find("ipmi_collection_duration_seconds{server=\"ipmi-wrong-password\"") != std::string::npos &&
           t.find("ipmi_reachable_servers 3\n") != std::string::npos;
  });
  const std::string healthy =
      "{server=\"ipmi-healthy\",bmc=\"127.0.0.1:" + std::to_string(ipmi_[0].port()) + "\"}";
  const std::string critical =
      "{server=\"ipmi-critical\",bmc=\"127.0.0.1:" + std::to_string(ipmi_[1].port()) + "\"}";
  const std::string wrong =
      "{server=\"ipmi-wrong-password\",bmc=\"127.0.0.1:" + std::to_string(ipmi_[2].port()) + "\"}";
  EXPECT_EQ(sample(text, "ipmi_total_servers"), 4) << text;
  EXPECT_EQ(sample(text, "ipmi_reachable_servers"), 3) << text;
  EXPECT_EQ(sample(text, "ipmi_server_reachable" + healthy), 1) << text;
  EXPECT_EQ(sample(text, "ipmi_server_power_on" + healthy), 1) << text;
  EXPECT_EQ(sample(text, "ipmi_server_reachable" + wrong), 0) << text;  // authentication failure: unreachable
  EXPECT_EQ(sample(text, "ipmi_server_power_on" + wrong), std::nullopt);
  EXPECT_NE(text.find("ipmi_sensor_value{server=\"ipmi-healthy\""), std::string::npos);
  EXPECT_NE(
      text.find("ipmi_temperature_celsius{server=\"redfish-dell\",sensor=\"System Board Inlet Temp\"} 24\n"),
      std::string::npos)
      << text;
  // The preloaded critical events are stored and counted (the 24 h counts are refreshed every 30 s).
  text = scrape_until(
      [&](const std::string& t) { return sample(t, "ipmi_events_critical_24h" + critical) > 0; });
  EXPECT_GT(sample(text, "ipmi_events_critical_24h" + critical).value_or(0), 0) << text;
  EXPECT_GE(sample(text, "ipmi_events_total" + critical).value_or(0), 9) << text;
  EXPECT_EQ(promtool_check_metrics(text), std::vector<std::string>{});
  // No secret anywhere the daemon writes for people to read.
  EXPECT_EQ(daemon_->err().find(kBmcPassword), std::string::npos);
  EXPECT_EQ(daemon_->err().find("calvin-sim"), std::string::npos);
  EXPECT_EQ(text.find(kBmcPassword), std::string::npos);
}

// Every record the BMC holds is stored exactly once: no duplicates from re-reads, none lost.
int sel_entries(SimulatedBmc& bmc) {
  auto list = bmc.ipmitool({"sel", "list"});
  return static_cast<int>(std::count(list.out.begin(), list.out.end(), '\n'));
}

TEST_F(IpmiMonitorDaemon, NewSelRecordsArriveOnceAndSurviveARestartAndBackup) {
  const std::string healthy =
      "{server=\"ipmi-healthy\",bmc=\"127.0.0.1:" + std::to_string(ipmi_[0].port()) + "\"}";
  scrape_until([&](const std::string& t) {
    return sample(t, "ipmi_collection_duration_seconds" + healthy).has_value();
  });
  // Correctable ECC (sensor type 0x0C, offset 0), then an uncorrectable one (offset 1).
  ipmi_[0].add_sel_record("0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x0c 0x01 0x6f 0x00 0xff 0xff");
  ipmi_[0].add_sel_record("0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x0c 0x01 0x6f 0x01 0xff 0xff");
  const int on_bmc = sel_entries(ipmi_[0]);
  ASSERT_GE(on_bmc, 2);
  auto text =
      scrape_until([&](const std::string& t) { return sample(t, "ipmi_events_total" + healthy) >= on_bmc; });
  EXPECT_EQ(sample(text, "ipmi_events_total" + healthy), on_bmc) << ipmi_[0].ipmitool({"sel", "list"}).out;
  // A few more sweeps of the unchanged SEL add nothing.
  std::this_thread::sleep_for(6s);
  text = scrape_until([](const std::string&) { return true; });
  EXPECT_EQ(sample(text, "ipmi_events_total" + healthy), on_bmc);

  ASSERT_TRUE(daemon_->stop(SIGTERM, 10s).has_value());
  auto backup = run_process({binary_path("ipmi-monitor").string(), "--data-dir", (dir_ / "data").string(),
                             "backup", (dir_ / "backup.db").string()});
  EXPECT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_TRUE(std::filesystem::exists(dir_ / "backup.db"));

  // Restarted on the same data directory, the counter carries on from the stored events.
  daemon_ = std::make_unique<ChildProcess>(std::vector<std::string>{
      binary_path("ipmi-monitor").string(), "--config", (dir_ / "config.yaml").string(), "--servers",
      (dir_ / "servers.yaml").string(), "--data-dir", (dir_ / "data").string(), "--listen",
      "127.0.0.1:" + std::to_string(port_)});
  ASSERT_TRUE(wait_for_http("127.0.0.1", port_, "/healthz")) << daemon_->err();
  text =
      scrape_until([&](const std::string& t) { return sample(t, "ipmi_events_total" + healthy) >= on_bmc; });
  EXPECT_EQ(sample(text, "ipmi_events_total" + healthy), on_bmc) << text;

  // The backup is a complete database that a daemon can start from.
  std::filesystem::create_directories(dir_ / "restored");
  std::filesystem::copy_file(dir_ / "backup.db", dir_ / "restored/ipmi-monitor.db");
  std::filesystem::copy_file(dir_ / "data/secret.key", dir_ / "restored/secret.key");
  auto check = run_process({binary_path("ipmi-monitor").string(), "--data-dir", (dir_ / "restored").string(),
                            "backup", (dir_ / "again.db").string()});
  EXPECT_EQ(check.exit_code, 0) << check.err;
}

// The seed's Prometheus job for ipmi-monitor (scrape_interval 60 s there; 1 s here) reads the metrics.
TEST_F(IpmiMonitorDaemon, RealPrometheusQueriesTheSeedMetrics) {
  ASSERT_TRUE(have_program("prometheus")) << "prometheus is missing: run scripts/deps";
  write_file(dir_ / "prometheus.yml",
             "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: ipmi-monitor\n"
             "    static_configs:\n      - targets: ['127.0.0.1:" +
                 std::to_string(port_) + "']\n        labels:\n          instance: ipmi-monitor\n");
  const int prometheus_port = free_port();
  ChildProcess prometheus({"prometheus", "--config.file=" + (dir_ / "prometheus.yml").string(),
                           "--storage.tsdb.path=" + (dir_ / "tsdb").string(),
                           "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port)});
  ASSERT_TRUE(wait_for_http("127.0.0.1", prometheus_port, "/-/ready", 60s)) << prometheus.err();
  auto query = [&](const std::string& encoded) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto body = http_get("127.0.0.1", prometheus_port, "/api/v1/query?query=" + encoded)) {
        auto json = nlohmann::json::parse(*body, nullptr, false);
        if (!json.is_discarded() && !json["data"]["result"].empty()) {
          return json["data"]["result"];
        }
      }
      std::this_thread::sleep_for(200ms);
    }
    return nlohmann::json::array();
  };
  auto reachable = query("ipmi_reachable_servers%20%3D%3D%203");
  ASSERT_EQ(reachable.size(), 1u) << prometheus.err();
  auto wrong = query("ipmi_server_reachable%7Bserver%3D%22ipmi-wrong-password%22%7D");
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_EQ(wrong[0]["value"][1], "0");
  auto power = query("ipmi_server_power_on%7Bserver%3D%22redfish-dell%22%7D");
  ASSERT_EQ(power.size(), 1u);
  EXPECT_EQ(power[0]["value"][1], "1");
  EXPECT_EQ(power[0]["metric"]["instance"], "ipmi-monitor");
  auto critical = query("ipmi_events_critical_24h%7Bserver%3D%22ipmi-critical%22%7D%20%3E%200");
  EXPECT_EQ(critical.size(), 1u);
}

TEST(IpmiMonitorCli, BrokenInventoryStopsItWithFileAndLine) {
  TempDir dir;
  write_file(dir / "servers.yaml", "servers:\n  - name: a\n    bmc: 10.0.0.1\n    colour: red\n");
  auto result =
      run_process({binary_path("ipmi-monitor").string(), "--servers", (dir / "servers.yaml").string(),
                   "--data-dir", (dir / "data").string(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(result.err.starts_with("ipmi-monitor: " + (dir / "servers.yaml").string() + ":4: "))
      << result.err;
  EXPECT_NE(result.err.find("colour"), std::string::npos);
}

TEST(IpmiMonitorCli, VersionAndBackupOfAMissingDatabase) {
  auto version = run_process({binary_path("ipmi-monitor").string(), "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.out.starts_with("ipmi-monitor version 1.0.0 (built ")) << version.out;
  TempDir dir;
  auto backup = run_process({binary_path("ipmi-monitor").string(), "--data-dir", (dir / "none").string(),
                             "backup", (dir / "b.db").string()});
  EXPECT_EQ(backup.exit_code, 1);
  EXPECT_NE(backup.err.find("does not exist"), std::string::npos);
}

}  // namespace
}  // namespace dcm::test
