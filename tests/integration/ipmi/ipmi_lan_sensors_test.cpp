// Sensors over IPMI 2.0 LAN against ipmi_sim, cross-checked with what `ipmitool -I lanplus -C 3 ... sdr`
// reads from the same simulator.
#include <map>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "core/config/text.hpp"
#include "core/sys/clock.hpp"
#include "ipmi/bmc/ipmi_lan.hpp"
#include "tests/integration/ipmi/simulated_bmc_config.hpp"
#include "tests/support/ipmi_sim.hpp"
#include "tests/support/ipmi_sim_fleet.hpp"

namespace dcm::test {
namespace {

using ipmi::SensorReading;
using ipmi::SensorState;
using ipmi::bmc::IpmiLanClient;

struct IpmitoolSensor {
  std::optional<double> value;  // absent for discrete sensors ("0x01") and "no reading"
  std::string status;           // "ok", "cr", "nc", "ns"
};

std::vector<std::string_view> split_bars(std::string_view line) {
  std::vector<std::string_view> fields;
  for (auto bar = line.find('|'); bar != std::string_view::npos; bar = line.find('|')) {
    fields.push_back(line.substr(0, bar));
    line.remove_prefix(bar + 1);
  }
  fields.push_back(line);
  return fields;
}

// `ipmitool sdr` lines: "CPU1 Temp        | 92 degrees C      | cr".
std::map<std::string, IpmitoolSensor> parse_ipmitool_sdr(const std::string& out) {
  std::map<std::string, IpmitoolSensor> sensors;
  for (auto line : core::config::split_lines(out)) {
    const auto fields = split_bars(line);
    if (fields.size() != 3) {
      continue;
    }
    IpmitoolSensor sensor;
    const auto reading = std::string(core::config::trim(fields[1]));
    if (!reading.starts_with("0x")) {
      sensor.value = core::config::parse_double(reading.substr(0, reading.find(' ')));
    }
    sensor.status = std::string(core::config::trim(fields[2]));
    sensors[std::string(core::config::trim(fields[0]))] = sensor;
  }
  return sensors;
}

std::map<std::string, SensorReading> by_name(const std::vector<SensorReading>& readings) {
  std::map<std::string, SensorReading> out;
  for (const auto& r : readings) {
    out[r.name] = r;
  }
  return out;
}

class IpmiLanSensors : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto missing = missing_ipmi_sim_tools(); !missing.empty()) {
      FAIL() << missing;
    }
  }
  core::sys::SystemClock clock_;
};

TEST_F(IpmiLanSensors, MatchIpmitoolSdrOnTheSameSimulator) {
  IpmiSimFleet fleet({"healthy"});
  IpmiLanClient client(config_for(fleet[0]), clock_);
  const auto ours = by_name(client.read_sensors());
  const auto sdr = fleet[0].ipmitool({"sdr"});
  ASSERT_EQ(sdr.exit_code, 0) << sdr.err;
  const auto theirs = parse_ipmitool_sdr(sdr.out);
  ASSERT_EQ(theirs.size(), 9u) << sdr.out;

  for (const auto& [name, sensor] : theirs) {
    ASSERT_TRUE(ours.contains(name)) << name << " is missing from our readings";
    const auto& reading = ours.at(name);
    if (sensor.value) {
      ASSERT_TRUE(reading.value) << name;
      EXPECT_NEAR(*reading.value, *sensor.value, 0.01) << name;
    } else {
      EXPECT_FALSE(reading.value) << name << " is discrete";
    }
    EXPECT_EQ(sensor.status, "ok") << name;
    EXPECT_EQ(reading.state, SensorState::kOk) << name;
  }

  EXPECT_EQ(ours.at("CPU1 Temp").type, "Temperature");
  EXPECT_EQ(ours.at("CPU1 Temp").unit, "C");
  EXPECT_EQ(ours.at("FAN1").type, "Fan");
  EXPECT_EQ(ours.at("FAN1").unit, "RPM");
  EXPECT_DOUBLE_EQ(ours.at("FAN1").value.value_or(0), 3000.0);
  EXPECT_EQ(ours.at("12V").type, "Voltage");
  EXPECT_EQ(ours.at("12V").unit, "V");
  EXPECT_EQ(ours.at("PSU1 Status").type, "Power Supply");
  EXPECT_EQ(ours.at("PSU1 Status").unit, "");
  EXPECT_EQ(ours.at("Power Meter").unit, "W");
  EXPECT_EQ(ours.at("DIMM A1").type, "Memory");
}

TEST_F(IpmiLanSensors, ReportTheTroubledServersCriticalSensors) {
  IpmiSimFleet fleet({"critical_events"});
  IpmiLanClient client(config_for(fleet[0]), clock_);
  const auto ours = by_name(client.read_sensors());
  const auto theirs = parse_ipmitool_sdr(fleet[0].ipmitool({"sdr"}).out);

  EXPECT_EQ(theirs.at("CPU1 Temp").status, "cr");
  EXPECT_DOUBLE_EQ(ours.at("CPU1 Temp").value.value_or(0), 92.0);
  EXPECT_EQ(ours.at("CPU1 Temp").state, SensorState::kCritical);
  EXPECT_EQ(ours.at("PSU1 Status").state, SensorState::kCritical) << "power supply failure detected";
  EXPECT_EQ(ours.at("PSU2 Status").state, SensorState::kOk);
  EXPECT_EQ(ours.at("FAN1").state, SensorState::kOk);
}

TEST_F(IpmiLanSensors, FollowReadingsChangedAtRunTime) {
  IpmiSimFleet fleet({"healthy"});
  IpmiLanClient client(config_for(fleet[0]), clock_);
  EXPECT_EQ(by_name(client.read_sensors()).at("CPU1 Temp").state, SensorState::kOk);

  fleet[0].console("sensor_set_value 0x20 0 2 0x57 0");  // 87 C: above upper non-critical (85 C)
  fleet[0].console("sensor_set_value 0x20 0 3 0x07 0");  // FAN1 350 RPM: below lower critical (400 RPM)
  const auto ours = by_name(client.read_sensors());
  EXPECT_DOUBLE_EQ(ours.at("CPU1 Temp").value.value_or(0), 87.0);
  EXPECT_EQ(ours.at("CPU1 Temp").state, SensorState::kWarning);
  EXPECT_DOUBLE_EQ(ours.at("FAN1").value.value_or(0), 350.0);
  EXPECT_EQ(ours.at("FAN1").state, SensorState::kCritical);

  const auto theirs = parse_ipmitool_sdr(fleet[0].ipmitool({"sdr"}).out);
  EXPECT_DOUBLE_EQ(theirs.at("CPU1 Temp").value.value_or(0), 87.0);
  EXPECT_EQ(theirs.at("CPU1 Temp").status, "nc");
  EXPECT_EQ(theirs.at("FAN1").status, "cr");
}

}  // namespace
}  // namespace dcm::test
