#include "ipmi/bmc/ipmi_sensor_scan.hpp"

#include <gtest/gtest.h>
#include <ipmi_monitoring.h>

namespace dcm::ipmi::bmc {
namespace {

TEST(ThresholdSensorState, WarnsOnNonCriticalAndKeepsTheWorseState) {
  constexpr int kNominal = IPMI_MONITORING_STATE_NOMINAL;
  struct Case {
    int library;
    unsigned bits;
    SensorState expected;
  };
  for (const auto& c : std::vector<Case>{
           {kNominal, 0x00, SensorState::kOk},
           {kNominal, 0x01, SensorState::kWarning},  // at or below lower non-critical
           {kNominal, 0x08, SensorState::kWarning},  // at or above upper non-critical
           {kNominal, 0x09, SensorState::kWarning},
           {kNominal, 0x02, SensorState::kCritical},  // lower critical
           {kNominal, 0x04, SensorState::kCritical},  // lower non-recoverable
           {kNominal, 0x18, SensorState::kCritical},  // upper non-critical and critical
           {kNominal, 0x20, SensorState::kCritical},  // upper non-recoverable
           {IPMI_MONITORING_STATE_CRITICAL, 0x08, SensorState::kCritical},
           {IPMI_MONITORING_STATE_WARNING, 0x00, SensorState::kWarning},
           {IPMI_MONITORING_STATE_UNKNOWN, 0x10, SensorState::kUnknown},
       }) {
    EXPECT_EQ(threshold_sensor_state(c.library, c.bits), c.expected) << c.library << "/" << c.bits;
  }
}

TEST(SensorStateFromMonitoring, MapsEveryState) {
  EXPECT_EQ(sensor_state_from_monitoring(IPMI_MONITORING_STATE_NOMINAL), SensorState::kOk);
  EXPECT_EQ(sensor_state_from_monitoring(IPMI_MONITORING_STATE_WARNING), SensorState::kWarning);
  EXPECT_EQ(sensor_state_from_monitoring(IPMI_MONITORING_STATE_CRITICAL), SensorState::kCritical);
  EXPECT_EQ(sensor_state_from_monitoring(IPMI_MONITORING_STATE_UNKNOWN), SensorState::kUnknown);
  EXPECT_EQ(sensor_state_from_monitoring(-1), SensorState::kUnknown);
}

TEST(UnitFromMonitoring, AbbreviatesTheUnitsLibipmimonitoringKnows) {
  EXPECT_EQ(unit_from_monitoring(IPMI_MONITORING_SENSOR_UNITS_CELSIUS), "C");
  EXPECT_EQ(unit_from_monitoring(IPMI_MONITORING_SENSOR_UNITS_RPM), "RPM");
  EXPECT_EQ(unit_from_monitoring(IPMI_MONITORING_SENSOR_UNITS_VOLTS), "V");
  EXPECT_EQ(unit_from_monitoring(IPMI_MONITORING_SENSOR_UNITS_WATTS), "W");
  EXPECT_EQ(unit_from_monitoring(IPMI_MONITORING_SENSOR_UNITS_PERCENT), "%");
  EXPECT_EQ(unit_from_monitoring(IPMI_MONITORING_SENSOR_UNITS_NONE), "");
  EXPECT_EQ(unit_from_monitoring(IPMI_MONITORING_SENSOR_UNITS_UNKNOWN), "");
}

}  // namespace
}  // namespace dcm::ipmi::bmc
