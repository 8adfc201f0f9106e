#include "ipmi/sel/event_tables.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dcm::ipmi::sel {
namespace {

TEST(SensorTypeName, NamesTheSpecTypesAndLabelsTheRest) {
  const std::vector<std::pair<int, std::string>> cases{
      {0x01, "Temperature"},
      {0x02, "Voltage"},
      {0x04, "Fan"},
      {0x07, "Processor"},
      {0x08, "Power Supply"},
      {0x0C, "Memory"},
      {0x0D, "Drive Slot"},
      {0x2C, "FRU State"},
      {0x00, "reserved sensor type 0x00"},
      {0x2D, "reserved sensor type 0x2D"},
      {0xBF, "reserved sensor type 0xBF"},
      {0xC0, "OEM sensor type 0xC0"},
      {0xFF, "OEM sensor type 0xFF"},
  };
  for (const auto& [code, name] : cases) {
    EXPECT_EQ(sensor_type_name(static_cast<std::uint8_t>(code)), name) << code;
  }
}

TEST(ClassifyEventType, SortsEveryCodeIntoItsClass) {
  EXPECT_EQ(classify_event_type(0x00), EventClass::kUnspecified);
  EXPECT_EQ(classify_event_type(0x01), EventClass::kThreshold);
  for (int code = 0x02; code <= 0x0C; ++code) {
    EXPECT_EQ(classify_event_type(static_cast<std::uint8_t>(code)), EventClass::kGeneric) << code;
  }
  EXPECT_EQ(classify_event_type(0x0D), EventClass::kReserved);
  EXPECT_EQ(classify_event_type(0x6E), EventClass::kReserved);
  EXPECT_EQ(classify_event_type(0x6F), EventClass::kSensorSpecific);
  EXPECT_EQ(classify_event_type(0x70), EventClass::kOem);
  EXPECT_EQ(classify_event_type(0x7F), EventClass::kOem);
  EXPECT_EQ(to_string(EventClass::kThreshold), "threshold");
  EXPECT_EQ(to_string(EventClass::kGeneric), "discrete");
  EXPECT_EQ(to_string(EventClass::kSensorSpecific), "sensor-specific");
  EXPECT_EQ(to_string(EventClass::kOem), "oem");
}

TEST(EventOffsetText, ReadsGenericAndSensorSpecificTables) {
  struct Case {
    std::uint8_t sensor_type, event_type, offset;
    std::string_view text;
  };
  for (const auto& c : std::vector<Case>{
           {0x01, 0x01, 0x09, "Upper Critical going high"},
           {0x04, 0x01, 0x02, "Lower Critical going low"},
           {0x01, 0x01, 0x0B, "Upper Non-recoverable going high"},
           {0x08, 0x0B, 0x01, "Redundancy Lost"},
           {0x08, 0x0B, 0x00, "Fully Redundant (redundancy regained)"},
           {0x0D, 0x08, 0x01, "Device Inserted / Device Present"},
           {0x0C, 0x6F, 0x00, "Correctable ECC / other correctable memory error"},
           {0x0C, 0x6F, 0x01, "Uncorrectable ECC / other uncorrectable memory error"},
           {0x08, 0x6F, 0x03, "Power Supply input lost (AC/DC)"},
           {0x07, 0x6F, 0x00, "IERR"},
           {0x07, 0x6F, 0x01, "Thermal Trip"},
           {0x0D, 0x6F, 0x01, "Drive Fault"},
           {0x09, 0x6F, 0x04, "AC lost / Power input lost"},
           {0x23, 0x6F, 0x08, "Timer interrupt"},
           // Nothing defined: reserved offsets, OEM types, types without sensor-specific offsets.
           {0x01, 0x01, 0x0C, ""},
           {0x23, 0x6F, 0x05, ""},
           {0x0C, 0x6F, 0x0B, ""},
           {0x0A, 0x6F, 0x00, ""},
           {0x08, 0x70, 0x01, ""},
           {0x08, 0x00, 0x01, ""},
           {0xC0, 0x6F, 0x00, ""},
       }) {
    EXPECT_EQ(event_offset_text(c.sensor_type, c.event_type, c.offset), c.text)
        << int(c.sensor_type) << "/" << int(c.event_type) << "/" << int(c.offset);
  }
}

}  // namespace
}  // namespace dcm::ipmi::sel
