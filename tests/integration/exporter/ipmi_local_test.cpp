// The ipmi_local collector end to end: the real dc-exporter reading a real BMC simulator (OpenIPMI's
// ipmi_sim) over IPMI 2.0 lanplus on 127.0.0.1, cross-checked against what ipmitool reads from the same BMC.
#include "exporter/collectors/ipmi_local.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include <gtest/gtest.h>

#include "core/config/text.hpp"
#include "exporter/config.hpp"
#include "tests/support/ipmi_sim.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"
#include "tests/support/promtool.hpp"

namespace dcm::test {
namespace {

// Only the IPMI section, so the exposition holds nothing but what this test is about (plus pci, always on).
// collector_timeout is generous so that a slow machine never turns the timeout case into a "hung" one.
constexpr const char* kConfig = R"ini([agent]
interval=5
collector_timeout=30
[gpu]
enabled=0
[system]
enabled=0
[ipmi]
enabled=1
IPMI_INLET_TEMP
IPMI_EXHAUST_TEMP
)ini";

const std::string kSuccess = "dc_exporter_collector_success{collector=\"ipmi_local\"} ";

class IpmiLocal : public ::testing::Test {
 protected:
  void SetUp() override { write_file(dir_ / "config.ini", kConfig); }

  ProcessResult run_exporter(const std::vector<std::string>& extra_args,
                             const std::map<std::string, std::string>& env) {
    std::vector<std::string> argv{binary_path("dc-exporter").string(),
                                  "--one-shot",
                                  "--config",
                                  (dir_ / "config.ini").string(),
                                  "--sysfs-root",
                                  fixture_path("exporter/eight_gpus/sysfs").string(),
                                  "--procfs-root",
                                  fixture_path("exporter/eight_gpus/procfs").string()};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    return run_process(argv, {}, env);
  }

  static std::vector<std::string> ipmi_samples(const std::string& exposition) {
    std::vector<std::string> lines;
    for (auto line : core::config::split_lines(exposition)) {
      if (line.starts_with("IPMI_")) {
        lines.emplace_back(line);
      }
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  }

  TempDir dir_;
};

// Tests against the simulator: a missing ipmi_sim fails them with a message, it never skips them.
class IpmiLocalWithBmc : public IpmiLocal {
 protected:
  void SetUp() override {
    IpmiLocal::SetUp();
    auto missing = missing_ipmi_sim_tools();
    ASSERT_TRUE(missing.empty()) << missing;
    bmc_ = std::make_unique<IpmiSim>(fixture_path("exporter/ipmi_sim"));
  }

  std::unique_ptr<IpmiSim> bmc_;
};

TEST_F(IpmiLocalWithBmc, ReportsInletAndExhaustTemperaturesOfTheSimulatedBmc) {
  auto& bmc = *bmc_;
  auto result = run_exporter({"--ipmi-host", bmc.endpoint()},
                             {{"IPMI_USER", kIpmiSimUser}, {"IPMI_PASS", kIpmiSimPassword}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find(kSuccess + "1\n"), std::string::npos) << result.out << result.err;
  // CPU1 Temp matches no pattern, the fan is no temperature sensor, the PSU sensors have no reading.
  EXPECT_EQ(
      ipmi_samples(result.out),
      (std::vector<std::string>{"IPMI_EXHAUST_TEMP{sensor=\"Exhaust Temp\",Hostname=\"gpu-worker-07\"} 41",
                                "IPMI_INLET_TEMP{sensor=\"Inlet Temp\",Hostname=\"gpu-worker-07\"} 24"}))
      << result.out;
  EXPECT_NE(result.out.find("# TYPE IPMI_INLET_TEMP gauge\n"), std::string::npos);
  for (const auto& finding : promtool_check_metrics(result.out)) {
    EXPECT_EQ(finding.find("IPMI_"), std::string::npos) << finding;
  }
  EXPECT_NE(result.err.find(
                "inlet \"Inlet Temp\"; exhaust \"Exhaust Temp\"; other temperature sensors \"CPU1 Temp\""),
            std::string::npos)
      << result.err;
}

// Parses `ipmitool sdr type Temperature`: "Inlet Temp | 01h | ok | 55.1 | 24 degrees C".
std::map<std::string, std::string> ipmitool_temperatures(const std::string& text) {
  std::map<std::string, std::string> readings;
  for (auto line : core::config::split_lines(text)) {
    std::vector<std::string> fields;
    std::string_view rest = line;
    for (auto bar = rest.find('|'); bar != std::string_view::npos; bar = rest.find('|')) {
      fields.emplace_back(core::config::trim(rest.substr(0, bar)));
      rest = rest.substr(bar + 1);
    }
    fields.emplace_back(core::config::trim(rest));
    if (fields.size() == 5 && fields[4].ends_with(" degrees C")) {
      readings[fields[0]] = fields[4].substr(0, fields[4].size() - std::string(" degrees C").size());
    }
  }
  return readings;
}

TEST_F(IpmiLocalWithBmc, ExportsExactlyWhatIpmitoolReadsForTheMatchingSensors) {
  auto& bmc = *bmc_;
  auto sdr = bmc.ipmitool({"sdr", "type", "Temperature"});
  ASSERT_EQ(sdr.exit_code, 0) << sdr.err;
  auto temperatures = ipmitool_temperatures(sdr.out);
  ASSERT_EQ(temperatures.size(), 3u) << sdr.out;  // the two PSU sensors have no reading

  const exporter::ExporterConfig defaults;  // the built-in inlet/exhaust patterns, as the exporter uses them
  std::vector<std::string> expected;
  for (const auto& [name, value] : temperatures) {
    auto role = exporter::collectors::classify_sensor(name, defaults.inlet_sensors, defaults.exhaust_sensors);
    if (role != exporter::collectors::SensorRole::kOther) {
      expected.push_back(std::string(role == exporter::collectors::SensorRole::kInlet ? "IPMI_INLET_TEMP"
                                                                                      : "IPMI_EXHAUST_TEMP") +
                         "{sensor=\"" + name + "\",Hostname=\"gpu-worker-07\"} " + value);
    }
  }
  std::sort(expected.begin(), expected.end());
  ASSERT_EQ(expected.size(), 2u) << sdr.out;

  auto result = run_exporter({"--ipmi-host", bmc.endpoint()},
                             {{"IPMI_USER", kIpmiSimUser}, {"IPMI_PASS", kIpmiSimPassword}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ipmi_samples(result.out), expected) << result.out << "\nipmitool:\n" << sdr.out;
}

TEST_F(IpmiLocalWithBmc, ReadsThePasswordFromAFile) {
  auto& bmc = *bmc_;
  write_file(dir_ / "bmc-password", std::string(kIpmiSimPassword) + "\n");
  auto result =
      run_exporter({"--ipmi-host", bmc.endpoint(), "--ipmi-password-file", (dir_ / "bmc-password").string()},
                   {{"IPMI_USER", kIpmiSimUser}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find(kSuccess + "1\n"), std::string::npos) << result.err;
  EXPECT_EQ(ipmi_samples(result.out).size(), 2u) << result.out;
}

TEST_F(IpmiLocalWithBmc, WrongPasswordFailsTheCollectorNamesTheHostAndNeverShowsThePassword) {
  auto& bmc = *bmc_;
  const std::string wrong = "wrong-bmc-pw-7731";  // within the 20 characters IPMI 2.0 allows
  auto result =
      run_exporter({"--ipmi-host", bmc.endpoint()}, {{"IPMI_USER", kIpmiSimUser}, {"IPMI_PASS", wrong}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("dc_exporter_build_info{"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(kSuccess + "0\n"), std::string::npos) << result.out;
  EXPECT_TRUE(ipmi_samples(result.out).empty()) << result.out;
  EXPECT_NE(result.err.find(bmc.endpoint() + ": reading temperature sensors failed: invalid password"),
            std::string::npos)
      << result.err;
  for (const auto& secret : {wrong, std::string(kIpmiSimPassword)}) {
    EXPECT_EQ(result.err.find(secret), std::string::npos) << result.err;
    EXPECT_EQ(result.out.find(secret), std::string::npos) << result.out;
  }
}

TEST_F(IpmiLocal, SilentPortFailsWithATimeoutInsteadOfHanging) {
  const int port = free_udp_port();  // nothing listens there
  const std::string endpoint = "127.0.0.1:" + std::to_string(port);
  auto result =
      run_exporter({"--ipmi-host", endpoint}, {{"IPMI_USER", kIpmiSimUser}, {"IPMI_PASS", kIpmiSimPassword}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find(kSuccess + "0\n"), std::string::npos) << result.out;
  // The collector returned its own timeout error: the runner never had to declare it hung.
  EXPECT_NE(result.err.find(endpoint + ": reading temperature sensors failed: connection timeout"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("has not returned"), std::string::npos) << result.err;
}

TEST_F(IpmiLocal, MissingDeviceInBandIsOneInfoLineNotAWarning) {
  auto result = run_exporter({"--ipmi-device", (dir_ / "ipmi0").string()}, {});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find(kSuccess + "0\n"), std::string::npos) << result.out;
  const std::string line = " info dc-exporter: collector ipmi_local unavailable: no local BMC (" +
                           (dir_ / "ipmi0").string() + " absent; load ipmi_si/ipmi_devintf)\n";
  EXPECT_NE(result.err.find(line), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("warn"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace dcm::test
