#include "ipmi/sel/sel_record.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dcm::ipmi::sel {
namespace {

using namespace std::chrono_literals;

std::vector<std::uint8_t> bytes(const std::string& hex) {
  std::vector<std::uint8_t> out;
  std::istringstream in(hex);
  std::string token;
  while (in >> token) {
    out.push_back(static_cast<std::uint8_t>(std::stoul(token, nullptr, 16)));
  }
  return out;
}

// 2026-01-14T00:00:00Z, as FakeClock starts.
const TimePoint kNow{std::chrono::seconds(1768348800)};

SelDecodeContext context(const SensorDirectory* sensors = nullptr) {
  SelDecodeContext c;
  c.received = kNow;
  c.sensors = sensors;
  return c;
}

SensorDirectory fixture_sensors() {
  SensorDirectory directory;
  SdrSensor dimm;
  dimm.key = {0x20, 0, 7};
  dimm.name = "DIMM A1";
  dimm.sensor_type = 0x0C;
  directory.add(dimm);
  SdrSensor cpu;
  cpu.key = {0x20, 0, 2};
  cpu.name = "CPU1 Temp";
  cpu.sensor_type = 0x01;
  cpu.conversion = LinearConversion{};
  cpu.unit = "C";
  directory.add(cpu);
  return directory;
}

// Record 1 of tests/fixtures/ipmi/bmcs/critical_events, as ipmi_sim returns it (timestamp = its uptime).
const auto kUncorrectableEcc = bytes("01 00 02 42 0b 00 00 20 00 04 0c 07 6f 01 ff ff");

TEST(ParseSelRecord, SplitsASystemEventRecord) {
  const SelRecord r = parse_sel_record(kUncorrectableEcc);
  EXPECT_EQ(r.record_id, 1);
  EXPECT_EQ(r.record_type, 0x02);
  EXPECT_EQ(r.record_class, RecordClass::kSystemEvent);
  EXPECT_EQ(r.timestamp, 0x0b42u);
  EXPECT_EQ(r.generator_id, 0x0020);
  EXPECT_EQ(r.evm_revision, 0x04);
  EXPECT_EQ(r.sensor_type, 0x0C);
  EXPECT_EQ(r.sensor_number, 0x07);
  EXPECT_TRUE(r.assertion);
  EXPECT_EQ(r.event_type_code, 0x6F);
  EXPECT_EQ(r.offset(), 1);
  EXPECT_EQ(r.sensor_key(), (SensorKey{0x20, 0, 7}));
}

TEST(ParseSelRecord, RejectsAnythingButSixteenBytes) {
  EXPECT_THROW(parse_sel_record(bytes("01 00 02")), SelDecodeError);
  EXPECT_THROW(parse_sel_record(std::vector<std::uint8_t>(17, 0)), SelDecodeError);
  EXPECT_THROW(parse_sel_record({}), SelDecodeError);
}

TEST(DecodeSelEvent, DescribesAnUncorrectableEccAsCritical) {
  const auto sensors = fixture_sensors();
  const SelEvent e = decode_sel_event(parse_sel_record(kUncorrectableEcc), context(&sensors));
  EXPECT_EQ(e.record_id, "1");
  EXPECT_EQ(e.sensor_name, "DIMM A1");
  EXPECT_EQ(e.sensor_type, "Memory");
  EXPECT_EQ(e.event_type, "sensor-specific");
  EXPECT_TRUE(e.assertion);
  EXPECT_EQ(e.severity, Severity::kCritical);
  EXPECT_EQ(e.message, "Uncorrectable ECC / other uncorrectable memory error");
  EXPECT_EQ(e.raw, "010002420b00002000040c076f01ffff");
  EXPECT_FALSE(e.bmc_time) << "0x0b42 is seconds since the BMC started (pre-init), not a date";
  EXPECT_EQ(e.received, kNow);
  EXPECT_EQ(e.effective_time(), kNow);
}

TEST(DecodeSelEvent, FallsBackToTypeAndNumberWithoutAnSdr) {
  const SelEvent e = decode_sel_event(parse_sel_record(kUncorrectableEcc), context());
  EXPECT_EQ(e.sensor_name, "Memory #0x07");
}

TEST(DecodeSelEvent, ConvertsThresholdReadingsWithTheSdr) {
  // CPU1 Temp upper critical going high, event data 1 0x59: byte 2 reading 0x5c, byte 3 threshold 0x5a.
  const auto record = parse_sel_record(bytes("04 00 02 42 0b 00 00 20 00 04 01 02 01 59 5c 5a"));
  const auto sensors = fixture_sensors();
  const SelEvent e = decode_sel_event(record, context(&sensors));
  EXPECT_EQ(e.sensor_name, "CPU1 Temp");
  EXPECT_EQ(e.event_type, "threshold");
  EXPECT_EQ(e.severity, Severity::kCritical);
  EXPECT_EQ(e.message, "Upper Critical going high (reading 92 C, threshold 90 C)");
  // Without the SDR the raw values are kept.
  EXPECT_EQ(decode_sel_event(record, context()).message,
            "Upper Critical going high (reading raw 0x5C, threshold raw 0x5A)");
}

TEST(DecodeSelEvent, MarksDeassertionsAsInfo) {
  // PSU1 Status (#5), direction bit set (0xef = 0x80 | 0x6f), offset 1: failure deasserted.
  const SelEvent e =
      decode_sel_event(parse_sel_record(bytes("08 00 02 42 0b 00 00 20 00 04 08 05 ef 01 ff ff")), context());
  EXPECT_FALSE(e.assertion);
  EXPECT_EQ(e.severity, Severity::kInfo);
  EXPECT_EQ(e.sensor_type, "Power Supply");
  EXPECT_EQ(e.message, "Power Supply Failure detected (deasserted)");
}

TEST(DecodeSelEvent, KeepsOemRecordsRawAsInfo) {
  const SelEvent plain =
      decode_sel_event(parse_sel_record(bytes("09 00 e0 57 01 00 de ad be ef 01 02 03 04 05 06")), context());
  EXPECT_EQ(plain.severity, Severity::kInfo);
  EXPECT_EQ(plain.event_type, "oem");
  EXPECT_EQ(plain.raw, "0900e0570100deadbeef010203040506");
  EXPECT_EQ(plain.message, "OEM record type 0xE0, data 570100deadbeef010203040506");
  EXPECT_FALSE(plain.bmc_time);

  // Timestamped OEM (0xC1): 2025-06-01T00:00:00Z (0x683b9800), manufacturer 0x002a7c, six OEM bytes.
  const SelEvent stamped =
      decode_sel_event(parse_sel_record(bytes("0a 00 c1 00 98 3b 68 7c 2a 00 01 02 03 04 05 06")), context());
  EXPECT_EQ(stamped.severity, Severity::kInfo);
  EXPECT_EQ(stamped.message, "OEM record type 0xC1 (timestamped), manufacturer 0x002A7C, data 010203040506");
  ASSERT_TRUE(stamped.bmc_time);
  EXPECT_EQ(*stamped.bmc_time, TimePoint(std::chrono::seconds(0x683b9800)));

  // An OEM event type inside a system event record is info too, with its codes in the message.
  const SelEvent oem_event =
      decode_sel_event(parse_sel_record(bytes("0b 00 02 00 98 3b 68 20 00 04 08 05 72 03 ff ff")), context());
  EXPECT_EQ(oem_event.severity, Severity::kInfo);
  EXPECT_EQ(oem_event.event_type, "oem");
  EXPECT_EQ(oem_event.message, "OEM event type 0x72, offset 0x03");

  const SelEvent unknown =
      decode_sel_event(parse_sel_record(bytes("0c 00 10 00 00 00 00 00 00 00 00 00 00 00 00 00")), context());
  EXPECT_EQ(unknown.severity, Severity::kInfo);
  EXPECT_EQ(unknown.event_type, "unspecified");
}

TEST(DecodeSelEvent, NamesUnknownOffsetsByTheirCodes) {
  const SelEvent e =
      decode_sel_event(parse_sel_record(bytes("0d 00 02 00 98 3b 68 20 00 04 0c 07 6f 0e ff ff")), context());
  EXPECT_EQ(e.message, "unknown event offset 0x0E (event type 0x6F)");
  EXPECT_EQ(e.severity, Severity::kInfo);
}

TEST(BmcTime, BelievesOnlyPlausibleClocks) {
  const auto none = std::chrono::minutes(0);
  EXPECT_FALSE(bmc_time(0x00000b42, none, kNow)) << "seconds since BMC start";
  EXPECT_FALSE(bmc_time(kPreInitTimestampMax, none, kNow));
  EXPECT_TRUE(bmc_time(kPreInitTimestampMax + 1, none, kNow));
  EXPECT_FALSE(bmc_time(kUnspecifiedTimestamp, none, kNow));
  const auto now_s = static_cast<std::uint32_t>(1768348800);
  EXPECT_EQ(bmc_time(now_s, none, kNow), kNow);
  EXPECT_TRUE(bmc_time(now_s + 23 * 3600, none, kNow)) << "a BMC a few hours ahead is believed";
  EXPECT_FALSE(bmc_time(now_s + 25 * 3600, none, kNow)) << "a day ahead is not";
}

TEST(BmcTime, ConvertsBmcLocalTimeToUtc) {
  // A BMC two hours east of UTC writes local time: 02:00 local is 00:00 UTC.
  const auto local = static_cast<std::uint32_t>(1768348800 + 2 * 3600);
  EXPECT_EQ(bmc_time(local, std::chrono::minutes(120), kNow), kNow);
  EXPECT_EQ(bmc_time(1768348800 - 3600, std::chrono::minutes(-60), kNow), kNow);
}

TEST(ToHex, WritesLowerCaseWithoutSeparators) {
  EXPECT_EQ(to_hex(bytes("00 0a ff 10")), "000aff10");
  EXPECT_EQ(to_hex({}), "");
}

}  // namespace
}  // namespace dcm::ipmi::sel
