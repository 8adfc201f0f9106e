#include "ipmi/sel/sdr_record.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dcm::ipmi::sel {
namespace {

// "00 00 51 01" -> bytes, then the ASCII name appended (the records of tests/fixtures/ipmi/bmcs/sensors.emu).
std::vector<std::uint8_t> record(const std::string& hex, const std::string& name = {}) {
  std::vector<std::uint8_t> bytes;
  std::istringstream in(hex);
  std::string token;
  while (in >> token) {
    bytes.push_back(static_cast<std::uint8_t>(std::stoul(token, nullptr, 16)));
  }
  bytes.insert(bytes.end(), name.begin(), name.end());
  return bytes;
}

const auto kCpuTemp = record(
    "00 00 51 01 34  20 00 02 03 01 67 48 01 01  80 0a 80 7a 38 38 "
    "00 01 00 00 01 00 00 00 00 00 00 32 00 00 ff 00  5f 5a 55 00 00 00 00 00 00 00 00  c9",
    "CPU1 Temp");
const auto kTwelveVolt = record(
    "00 00 51 01 2e  20 00 04 07 01 67 48 02 01  95 7a 95 7a 3f 3f "
    "00 04 00 00 06 00 00 00 00 e0 00 c8 00 00 ff 00  dc d6 d2 b4 ba be 00 00 00 00 00  c3",
    "12V");
const auto kPsuStatus = record(
    "00 00 51 02 26  20 00 05 0a 01 67 40 08 6f  7f 00 7f 00 7f 00  00 00 00 01 00 00 00 00 00 00 00  cb",
    "PSU1 Status");

TEST(ParseSdrSensors, ReadsAFullSensorRecord) {
  const auto sensors = parse_sdr_sensors(kCpuTemp);
  ASSERT_EQ(sensors.size(), 1u);
  const auto& s = sensors[0];
  EXPECT_EQ(s.name, "CPU1 Temp");
  EXPECT_EQ(s.key, (SensorKey{0x20, 0, 2}));
  EXPECT_EQ(s.sensor_type, 0x01);
  EXPECT_EQ(s.event_type_code, 0x01);
  EXPECT_EQ(s.unit, "C");
  ASSERT_TRUE(s.conversion);
  EXPECT_DOUBLE_EQ(s.conversion->apply(0x5c), 92.0);
}

TEST(ParseSdrSensors, AppliesMultiplierAndExponents) {
  const auto sensors = parse_sdr_sensors(kTwelveVolt);
  ASSERT_EQ(sensors.size(), 1u);
  ASSERT_TRUE(sensors[0].conversion);
  EXPECT_EQ(sensors[0].conversion->m, 6);
  EXPECT_EQ(sensors[0].conversion->r_exponent, -2);
  EXPECT_NEAR(sensors[0].conversion->apply(0xc8), 12.0, 1e-9);
  EXPECT_NEAR(sensors[0].conversion->apply(0xb4), 10.8, 1e-9);
  EXPECT_EQ(sensors[0].unit, "V");
}

TEST(ParseSdrSensors, HandlesSignedFormatsAndOffsets) {
  LinearConversion twos{LinearConversion::Format::kTwosComplement, 1, 0, 0, 0};
  EXPECT_DOUBLE_EQ(twos.apply(0xFE), -2.0);
  LinearConversion ones{LinearConversion::Format::kOnesComplement, 1, 0, 0, 0};
  EXPECT_DOUBLE_EQ(ones.apply(0xFE), -1.0);
  LinearConversion with_b{LinearConversion::Format::kUnsigned, 2, 5, 1, -1};  // (2x + 5*10) / 10
  EXPECT_DOUBLE_EQ(with_b.apply(10), 7.0);
}

TEST(ParseSdrSensors, ReadsACompactRecordWithoutConversion) {
  const auto sensors = parse_sdr_sensors(kPsuStatus);
  ASSERT_EQ(sensors.size(), 1u);
  EXPECT_EQ(sensors[0].name, "PSU1 Status");
  EXPECT_EQ(sensors[0].key, (SensorKey{0x20, 0, 5}));
  EXPECT_EQ(sensors[0].sensor_type, 0x08);
  EXPECT_EQ(sensors[0].event_type_code, 0x6F);
  EXPECT_FALSE(sensors[0].conversion);
}

TEST(ParseSdrSensors, ExpandsASharedRecordWithInstanceModifiers) {
  // Compact record for sensors 0x10-0x13, share count 4, numeric modifier starting at 1: DIMM1 .. DIMM4.
  auto shared = record(
      "00 00 51 02 1f  20 01 10 20 01 67 40 0c 6f  ff 07 ff 07 ff 07  00 00 00 04 01 00 00 00 00 00 00  c4",
      "DIMM");
  const auto sensors = parse_sdr_sensors(shared);
  ASSERT_EQ(sensors.size(), 4u);
  EXPECT_EQ(sensors[0].name, "DIMM1");
  EXPECT_EQ(sensors[0].key, (SensorKey{0x20, 1, 0x10}));
  EXPECT_EQ(sensors[3].name, "DIMM4");
  EXPECT_EQ(sensors[3].key.number, 0x13);
  // Alphabetic modifier (bits 5:4 = 01), offset 0: "CPUA", "CPUB".
  shared = record(
      "00 00 51 02 1e  20 00 20 03 01 67 40 07 6f  ff 1f ff 1f ff 1f  00 00 00 12 00 00 00 00 00 00 00  c3",
      "CPU");
  const auto cpus = parse_sdr_sensors(shared);
  ASSERT_EQ(cpus.size(), 2u);
  EXPECT_EQ(cpus[0].name, "CPUA");
  EXPECT_EQ(cpus[1].name, "CPUB");
}

TEST(ParseSdrSensors, ReadsAnEventOnlyRecord) {
  const auto sensors =
      parse_sdr_sensors(record("00 00 51 03 10  20 00 30 07 01 0c 6f 01 00 00 00  c5", "ECC 1"));
  ASSERT_EQ(sensors.size(), 1u);
  EXPECT_EQ(sensors[0].name, "ECC 1");
  EXPECT_EQ(sensors[0].key.number, 0x30);
  EXPECT_EQ(sensors[0].sensor_type, 0x0C);
}

TEST(ParseSdrSensors, SkipsRecordsWithoutSensorsAndTruncatedOnes) {
  // Management controller locator (type 0x12), a record header alone, a full record cut short.
  EXPECT_TRUE(parse_sdr_sensors(record("00 00 51 12 0b 20 00 00 00 00 00 00 00 00 00 c1", "B")).empty());
  EXPECT_TRUE(parse_sdr_sensors(record("00 00 51")).empty());
  EXPECT_TRUE(parse_sdr_sensors(std::vector<std::uint8_t>(kCpuTemp.begin(), kCpuTemp.begin() + 40)).empty());
}

TEST(ParseSdrSensors, NamesCutAtTheirLengthAndTrailingSpaces) {
  auto cut = kPsuStatus;
  cut[31] = 0xC4;  // length 4: "PSU1"
  EXPECT_EQ(parse_sdr_sensors(cut)[0].name, "PSU1");
  auto padded = record(
      "00 00 51 02 26  20 00 05 0a 01 67 40 08 6f  7f 00 7f 00 7f 00  00 00 00 01 00 00 00 00 00 00 00  cb",
      "PSU1       ");
  EXPECT_EQ(parse_sdr_sensors(padded)[0].name, "PSU1");
  auto unicode = kPsuStatus;
  unicode[31] = 0x0B;  // type 00 (unicode): not decoded, the caller falls back to "<type> #<number>"
  EXPECT_EQ(parse_sdr_sensors(unicode)[0].name, "");
}

TEST(SensorDirectory, FindsSensorsByOwnerLunAndNumber) {
  SensorDirectory directory;
  for (const auto& r : {kCpuTemp, kTwelveVolt, kPsuStatus}) {
    for (auto& sensor : parse_sdr_sensors(r)) {
      directory.add(std::move(sensor));
    }
  }
  EXPECT_EQ(directory.size(), 3u);
  ASSERT_NE(directory.find({0x20, 0, 5}), nullptr);
  EXPECT_EQ(directory.find({0x20, 0, 5})->name, "PSU1 Status");
  EXPECT_EQ(directory.find({0x20, 1, 5}), nullptr);  // another LUN
  EXPECT_EQ(directory.find({0x22, 0, 5}), nullptr);  // another owner
  EXPECT_EQ(directory.find({0x20, 0, 9}), nullptr);
}

}  // namespace
}  // namespace dcm::ipmi::sel
