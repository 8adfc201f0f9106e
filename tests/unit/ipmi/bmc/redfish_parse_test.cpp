#include "ipmi/bmc/redfish_parse.hpp"

#include <gtest/gtest.h>

namespace dcm::ipmi::bmc::redfish {
namespace {

using namespace std::chrono;

TEST(RedfishTime, ParsesOffsetsAndFractionsToUtc) {
  struct Case {
    const char* text;
    std::optional<TimePoint> expected;
  };
  const TimePoint base = sys_days(year(2025) / 11 / 4);
  const Case cases[] = {
      {"2025-11-04T04:47:58Z", base + hours(4) + minutes(47) + seconds(58)},
      {"2025-11-03T22:47:58-06:00", base + hours(4) + minutes(47) + seconds(58)},
      {"2025-11-04T06:17:58+01:30", base + hours(4) + minutes(47) + seconds(58)},
      {"2025-11-04T00:00:00.250+00:00", base + milliseconds(250)},
      {"2025-11-04", std::nullopt},
      {"2025-13-04T00:00:00Z", std::nullopt},
      {"2025-02-30T00:00:00Z", std::nullopt},
      {"2025-11-04T00:00:00", std::nullopt},
      {"2025-11-04T00:00:00+0100", std::nullopt},
      {"garbage", std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(parse_redfish_time(c.text), c.expected) << c.text;
  }
}

TEST(RedfishPowerState, MapsTheEnum) {
  EXPECT_EQ(parse_power_state("On"), true);
  EXPECT_EQ(parse_power_state("PoweringOff"), true);
  EXPECT_EQ(parse_power_state("Off"), false);
  EXPECT_EQ(parse_power_state("PoweringOn"), false);
  EXPECT_EQ(parse_power_state("on"), std::nullopt);
}

TEST(RedfishLogEntry, SeverityComesFromTheEnumNeverFromText) {
  struct Case {
    Json entry;
    Severity expected;
    std::size_t problems;
  };
  const Case cases[] = {
      {{{"Severity", "OK"}, {"Message", "CRITICAL failure of everything"}}, Severity::kInfo, 0},
      {{{"Severity", "Warning"}}, Severity::kWarning, 0},
      {{{"Severity", "Critical"}, {"Message", "fine"}}, Severity::kCritical, 0},
      {{{"MessageSeverity", "Critical"}}, Severity::kCritical, 0},
      {{{"Severity", "Fatal"}}, Severity::kInfo, 1},
      {{{"Severity", 3}}, Severity::kInfo, 1},
      {Json::object(), Severity::kInfo, 0},
  };
  for (const auto& c : cases) {
    Problems problems;
    const auto event = parse_log_entry(c.entry, "Sel/1", TimePoint{}, "/e/1", problems);
    EXPECT_EQ(event.severity, c.expected) << c.entry.dump();
    EXPECT_EQ(problems.messages.size(), c.problems) << c.entry.dump();
  }
}

TEST(RedfishLogEntry, KeepsTheFieldsAndTheRawEntry) {
  const Json entry = {
      {"Id", "4"},
      {"Created", "2025-11-03T14:02:17-06:00"},
      {"EntryType", "SEL"},
      {"EntryCode", "Deassert"},
      {"SensorType", "Memory"},
      {"MessageId", "MEM0701"},
      {"Message", "Correctable memory error rate exceeded for DIMM_A3."},
      {"Links", {{"OriginOfCondition", {{"@odata.id", "/redfish/v1/Systems/1/Memory/DIMM_A3"}}}}}};
  Problems problems;
  const TimePoint received = sys_days(year(2026) / 1 / 1);
  const auto event = parse_log_entry(entry, "Sel/4", received, "/e/4", problems);
  EXPECT_EQ(event.record_id, "Sel/4");
  EXPECT_EQ(event.sensor_type, "Memory");
  EXPECT_EQ(event.sensor_name, "DIMM_A3");
  EXPECT_EQ(event.event_type, "discrete");
  EXPECT_FALSE(event.assertion);
  EXPECT_EQ(event.received, received);
  EXPECT_EQ(event.bmc_time, TimePoint(sys_days(year(2025) / 11 / 3) + hours(20) + minutes(2) + seconds(17)));
  EXPECT_EQ(Json::parse(event.raw), entry);
  EXPECT_TRUE(problems.messages.empty());
}

TEST(RedfishLogEntry, UnsetBmcClockLeavesNoBmcTime) {
  Problems problems;
  const auto event =
      parse_log_entry({{"Created", "1970-01-01T00:00:42+00:00"}}, "x", TimePoint{}, "/e", problems);
  EXPECT_EQ(event.bmc_time, std::nullopt);
  EXPECT_TRUE(problems.messages.empty());
}

TEST(RedfishThermal, StateFromHealthElseThresholds) {
  const Json thermal = {
      {"Temperatures",
       {{{"Name", "Inlet"}, {"ReadingCelsius", 24}, {"Status", {{"State", "Enabled"}, {"Health", "OK"}}}},
        {{"Name", "Hot"},
         {"ReadingCelsius", 97},
         {"UpperThresholdCritical", 95},
         {"Status", {{"State", "Enabled"}}}},
        {{"Name", "Warm"},
         {"ReadingCelsius", 91},
         {"UpperThresholdNonCritical", 90},
         {"UpperThresholdCritical", 95}},
        {{"Name", "Cold"}, {"ReadingCelsius", -9}, {"LowerThresholdCritical", -7}},
        {{"Name", "Bare"}, {"ReadingCelsius", 30}},
        {{"Name", "Gone"}, {"Status", {{"State", "Absent"}}}},
        {{"Name", "Text"}, {"ReadingCelsius", "41"}, {"Status", {{"Health", "Warning"}}}}}},
      {"Fans",
       {{{"FanName", "Fan1"},
         {"Reading", 40},
         {"ReadingUnits", "Percent"},
         {"Status", {{"Health", "OK"}}}}}}};
  Problems problems;
  const auto readings = parse_thermal(thermal, "/T", problems);
  ASSERT_EQ(readings.size(), 7u);
  EXPECT_EQ(readings[0].state, SensorState::kOk);
  EXPECT_EQ(readings[1].state, SensorState::kCritical);
  EXPECT_EQ(readings[2].state, SensorState::kWarning);
  EXPECT_EQ(readings[3].state, SensorState::kCritical);
  EXPECT_EQ(readings[4].state, SensorState::kUnknown);
  EXPECT_EQ(readings[5].name, "Text");
  EXPECT_EQ(readings[5].value, std::nullopt);
  EXPECT_EQ(readings[5].state, SensorState::kWarning);
  EXPECT_EQ(readings[6].unit, "%");
  ASSERT_EQ(problems.messages.size(), 1u);
  EXPECT_EQ(problems.messages[0], "/T: Temperatures[6].ReadingCelsius: expected a number, got string");
}

TEST(RedfishThermal, WrongShapesAreProblemsNotCrashes) {
  const Json bad[] = {
      {{"Temperatures", "none"}},
      {{"Temperatures", {1, "x", nullptr}}},
      {{"Fans", {{{"Reading", {{"nested", true}}}}}}},
      Json::array(),
      Json("text"),
  };
  for (const auto& document : bad) {
    Problems problems;
    EXPECT_NO_THROW(parse_thermal(document, "/T", problems)) << document.dump();
    EXPECT_NO_THROW(parse_power_sensors(document, "/P", problems)) << document.dump();
    EXPECT_NO_THROW(parse_power_control_watts(document, "/P", problems)) << document.dump();
    EXPECT_NO_THROW(parse_sensor(document, "/S", problems)) << document.dump();
    EXPECT_NO_THROW(parse_fan(document, "/F", problems)) << document.dump();
    EXPECT_NO_THROW(parse_log_entry(document, "x", TimePoint{}, "/E", problems)) << document.dump();
  }
}

TEST(RedfishSensor, NewerSensorWithThresholds) {
  const Json sensor = {
      {"Id", "GPU1_Temp"},
      {"Name", "GPU1 Temp"},
      {"ReadingType", "Temperature"},
      {"ReadingUnits", "Cel"},
      {"Reading", 88.0},
      {"Thresholds", {{"UpperCaution", {{"Reading", 80}}}, {"UpperCritical", {{"Reading", 87}}}}}};
  Problems problems;
  const auto reading = parse_sensor(sensor, "/S", problems);
  ASSERT_TRUE(reading.has_value());
  EXPECT_EQ(reading->unit, "C");
  EXPECT_EQ(reading->type, "Temperature");
  EXPECT_EQ(reading->value, 88.0);
  EXPECT_EQ(reading->state, SensorState::kCritical);
  EXPECT_FALSE(parse_sensor({{"Status", {{"State", "Absent"}}}}, "/S", problems).has_value());
}

TEST(RedfishPower, SumsPowerControlAndReadsEnvironmentMetrics) {
  Problems problems;
  EXPECT_EQ(
      parse_power_control_watts(
          {{"PowerControl", {{{"PowerConsumedWatts", 412}}, {{"PowerConsumedWatts", 8}}}}}, "/P", problems),
      420.0);
  EXPECT_EQ(parse_power_control_watts({{"PowerControl", Json::array()}}, "/P", problems), std::nullopt);
  EXPECT_EQ(parse_environment_watts({{"PowerWatts", {{"Reading", 1840.0}}}}, "/E", problems), 1840.0);
  EXPECT_TRUE(problems.messages.empty());
}

}  // namespace
}  // namespace dcm::ipmi::bmc::redfish
