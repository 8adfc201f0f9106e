#include "ipmi/sel/sdr_record.hpp"

#include <cmath>
#include <string_view>

namespace dcm::ipmi::sel {
namespace {

constexpr std::uint8_t kFullRecord = 0x01;
constexpr std::uint8_t kCompactRecord = 0x02;
constexpr std::uint8_t kEventOnlyRecord = 0x03;

// Where each record type keeps its fields (0-based offsets into the record, header included).
struct Layout {
  std::size_t sensor_type;
  std::size_t event_type;
  std::size_t sharing;  // record sharing bytes (two), 0 when the type has none
  std::size_t id_string;
};
constexpr Layout kFull{12, 13, 0, 47};
constexpr Layout kCompact{12, 13, 23, 31};
constexpr Layout kEventOnly{10, 11, 12, 16};

int sign_extend(int value, int bits) {
  const int sign = 1 << (bits - 1);
  return (value & (sign - 1)) - (value & sign);
}

// Base unit codes (IPMI 2.0 table 43-15) that sensors commonly use, abbreviated.
std::string_view unit_abbreviation(std::uint8_t base_unit) {
  switch (base_unit) {
    case 1:
      return "C";
    case 2:
      return "F";
    case 3:
      return "K";
    case 4:
      return "V";
    case 5:
      return "A";
    case 6:
      return "W";
    case 7:
      return "J";
    case 9:
      return "VA";
    case 17:
      return "CFM";
    case 18:
      return "RPM";
    case 19:
      return "Hz";
    default:
      return {};
  }
}

// ID string: type/length byte (bits 7:6 the encoding, bits 4:0 the length) then the bytes. Only 8-bit
// ASCII + Latin-1 (11b), what BMCs use in practice, is decoded; other encodings give an empty name and the
// caller falls back to "<type> #<number>".
std::string id_string(std::span<const std::uint8_t> record, std::size_t at) {
  if (at >= record.size()) {
    return {};
  }
  const std::uint8_t type_length = record[at];
  if ((type_length >> 6) != 0x3) {
    return {};
  }
  const std::size_t length = type_length & 0x1F;
  std::string name;
  for (std::size_t i = at + 1; i < record.size() && i <= at + length; ++i) {
    if (record[i] == 0) {
      break;
    }
    name.push_back(static_cast<char>(record[i]));
  }
  while (!name.empty() && name.back() == ' ') {
    name.pop_back();
  }
  return name;
}

std::optional<LinearConversion> linear_conversion(std::span<const std::uint8_t> record) {
  const std::uint8_t format = record[20] >> 6;
  const std::uint8_t linearization = record[23] & 0x7F;
  if (format == 0x3 || linearization != 0) {
    return std::nullopt;  // no analog reading, or a non-linear formula we do not evaluate
  }
  LinearConversion conversion;
  conversion.format = format == 0   ? LinearConversion::Format::kUnsigned
                      : format == 1 ? LinearConversion::Format::kOnesComplement
                                    : LinearConversion::Format::kTwosComplement;
  conversion.m = sign_extend(record[24] | ((record[25] & 0xC0) << 2), 10);
  conversion.b = sign_extend(record[26] | ((record[27] & 0xC0) << 2), 10);
  conversion.r_exponent = sign_extend(record[29] >> 4, 4);
  conversion.b_exponent = sign_extend(record[29] & 0x0F, 4);
  return conversion;
}

}  // namespace

double LinearConversion::apply(std::uint8_t raw) const {
  int x = raw;
  if (format == Format::kOnesComplement) {
    x = (raw & 0x80) != 0 ? -static_cast<int>(static_cast<std::uint8_t>(~raw)) : raw;
  } else if (format == Format::kTwosComplement) {
    x = static_cast<std::int8_t>(raw);
  }
  return (m * static_cast<double>(x) + b * std::pow(10.0, b_exponent)) * std::pow(10.0, r_exponent);
}

std::vector<SdrSensor> parse_sdr_sensors(std::span<const std::uint8_t> record) {
  if (record.size() < 5) {
    return {};
  }
  const Layout* layout = nullptr;
  switch (record[3]) {
    case kFullRecord:
      layout = &kFull;
      break;
    case kCompactRecord:
      layout = &kCompact;
      break;
    case kEventOnlyRecord:
      layout = &kEventOnly;
      break;
    default:
      return {};
  }
  if (record.size() <= layout->id_string) {
    return {};
  }
  SdrSensor sensor;
  sensor.key = {record[5], static_cast<std::uint8_t>(record[6] & 0x03), record[7]};
  sensor.sensor_type = record[layout->sensor_type];
  sensor.event_type_code = record[layout->event_type];
  sensor.name = id_string(record, layout->id_string);
  if (record[3] != kEventOnlyRecord) {
    std::string unit(unit_abbreviation(record[21]));
    sensor.unit = (record[20] & 0x01) != 0 ? "%" : unit;
  }
  if (record[3] == kFullRecord) {
    sensor.conversion = linear_conversion(record);
  }
  const unsigned share_count = layout->sharing == 0 ? 1 : (record[layout->sharing] & 0x0F);
  if (share_count <= 1) {
    return {sensor};
  }
  // Shared record: sensors number .. number + count - 1, named with an instance modifier.
  const bool alpha = ((record[layout->sharing] >> 4) & 0x03) == 0x01;
  const unsigned modifier_offset = record[layout->sharing + 1] & 0x7F;
  std::vector<SdrSensor> sensors;
  for (unsigned i = 0; i < share_count && sensor.key.number + i <= 0xFF; ++i) {
    SdrSensor shared = sensor;
    shared.key.number = static_cast<std::uint8_t>(sensor.key.number + i);
    const unsigned instance = modifier_offset + i;
    shared.name +=
        alpha && instance < 26 ? std::string(1, static_cast<char>('A' + instance)) : std::to_string(instance);
    sensors.push_back(std::move(shared));
  }
  return sensors;
}

void SensorDirectory::add(SdrSensor sensor) {
  const auto key = sensor.key;
  sensors_.insert_or_assign(key, std::move(sensor));
}

const SdrSensor* SensorDirectory::find(const SensorKey& key) const {
  auto it = sensors_.find(key);
  return it == sensors_.end() ? nullptr : &it->second;
}

}  // namespace dcm::ipmi::sel
