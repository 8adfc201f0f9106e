#include "ipmi/sel/sel_record.hpp"

#include <algorithm>
#include <cstdio>

#include "ipmi/sel/event_tables.hpp"
#include "ipmi/sel/severity.hpp"

namespace dcm::ipmi::sel {
namespace {

std::uint16_t u16(const std::array<std::uint8_t, kSelRecordSize>& b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}

std::uint32_t u32(const std::array<std::uint8_t, kSelRecordSize>& b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8) |
         (static_cast<std::uint32_t>(b[at + 2]) << 16) | (static_cast<std::uint32_t>(b[at + 3]) << 24);
}

std::string hex_byte(std::uint8_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", value);
  return text;
}

// "92", "12.06", "-3.5": a reading without trailing zeros.
std::string format_value(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  std::string out(text);
  while (out.back() == '0') {
    out.pop_back();
  }
  if (out.back() == '.') {
    out.pop_back();
  }
  return out == "-0" ? "0" : out;
}

// " (reading 92 C, threshold 90 C)" from event data 2/3 of a threshold event, when event data 1 says
// they hold the trigger reading (bits 7:6 = 01) and the trigger threshold (bits 5:4 = 01). Raw hex when
// the SDR gives no conversion.
std::string threshold_detail(const SelRecord& record, const SdrSensor* sensor) {
  const bool has_reading = ((record.event_data[0] >> 6) & 0x3) == 0x1;
  const bool has_threshold = ((record.event_data[0] >> 4) & 0x3) == 0x1;
  if (!has_reading && !has_threshold) {
    return {};
  }
  auto value = [&](std::uint8_t raw) {
    if (sensor != nullptr && sensor->conversion) {
      std::string text = format_value(sensor->conversion->apply(raw));
      return sensor->unit.empty() ? text : text + " " + sensor->unit;
    }
    return "raw " + hex_byte(raw);
  };
  std::string detail = " (";
  if (has_reading) {
    detail += "reading " + value(record.event_data[1]);
  }
  if (has_threshold) {
    detail += std::string(has_reading ? ", " : "") + "threshold " + value(record.event_data[2]);
  }
  return detail + ")";
}

SelEvent decode_system_event(const SelRecord& record, const SelDecodeContext& context, SelEvent event) {
  const EventClass event_class = classify_event_type(record.event_type_code);
  const SdrSensor* sensor = context.sensors != nullptr ? context.sensors->find(record.sensor_key()) : nullptr;
  event.sensor_type = sensor_type_name(record.sensor_type);
  event.sensor_name = sensor != nullptr && !sensor->name.empty()
                          ? sensor->name
                          : event.sensor_type + " #" + hex_byte(record.sensor_number);
  event.event_type = std::string(to_string(event_class));
  event.assertion = record.assertion;
  event.severity =
      classify_severity({record.sensor_type, record.event_type_code, record.offset(), record.assertion});

  std::string text(event_offset_text(record.sensor_type, record.event_type_code, record.offset()));
  if (text.empty()) {
    text = event_class == EventClass::kOem ? "OEM event type " + hex_byte(record.event_type_code) +
                                                 ", offset " + hex_byte(record.offset())
                                           : "unknown event offset " + hex_byte(record.offset()) +
                                                 " (event type " + hex_byte(record.event_type_code) + ")";
  }
  if (event_class == EventClass::kThreshold) {
    text += threshold_detail(record, sensor);
  }
  if (!record.assertion) {
    text += " (deasserted)";
  }
  event.message = std::move(text);
  if (record.timestamp) {
    event.bmc_time = bmc_time(*record.timestamp, context.utc_offset, context.received);
  }
  return event;
}

SelEvent decode_oem_record(const SelRecord& record, const SelDecodeContext& context, SelEvent event) {
  event.sensor_type = "OEM record";
  event.event_type = "oem";
  event.severity = Severity::kInfo;
  if (record.record_class == RecordClass::kOemTimestamped) {
    char manufacturer[16];
    std::snprintf(manufacturer, sizeof manufacturer, "%06X", record.manufacturer_id);
    event.message = "OEM record type " + hex_byte(record.record_type) + " (timestamped), manufacturer 0x" +
                    manufacturer + ", data " + to_hex(std::span(record.bytes).subspan(10));
    event.bmc_time = bmc_time(*record.timestamp, context.utc_offset, context.received);
  } else if (record.record_class == RecordClass::kOemNonTimestamped) {
    event.message = "OEM record type " + hex_byte(record.record_type) + ", data " +
                    to_hex(std::span(record.bytes).subspan(3));
  } else {
    event.sensor_type = "unknown record";
    event.event_type = "unspecified";
    event.message = "record type " + hex_byte(record.record_type) + " (not defined by IPMI 2.0), data " +
                    to_hex(std::span(record.bytes).subspan(3));
  }
  return event;
}

}  // namespace

SensorKey SelRecord::sensor_key() const {
  return {static_cast<std::uint8_t>(generator_id & 0xFF),
          static_cast<std::uint8_t>((generator_id >> 8) & 0x03), sensor_number};
}

SelRecord parse_sel_record(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kSelRecordSize) {
    throw SelDecodeError("a SEL record has 16 bytes, got " + std::to_string(bytes.size()));
  }
  SelRecord record;
  std::copy(bytes.begin(), bytes.end(), record.bytes.begin());
  const auto& b = record.bytes;
  record.record_id = u16(b, 0);
  record.record_type = b[2];
  if (record.record_type == 0x02) {
    record.record_class = RecordClass::kSystemEvent;
    record.timestamp = u32(b, 3);
    record.generator_id = u16(b, 7);
    record.evm_revision = b[9];
    record.sensor_type = b[10];
    record.sensor_number = b[11];
    record.assertion = (b[12] & 0x80) == 0;
    record.event_type_code = b[12] & 0x7F;
    record.event_data = {b[13], b[14], b[15]};
  } else if (record.record_type >= 0xC0 && record.record_type <= 0xDF) {
    record.record_class = RecordClass::kOemTimestamped;
    record.timestamp = u32(b, 3);
    record.manufacturer_id = static_cast<std::uint32_t>(b[7]) | (static_cast<std::uint32_t>(b[8]) << 8) |
                             (static_cast<std::uint32_t>(b[9]) << 16);
  } else if (record.record_type >= 0xE0) {
    record.record_class = RecordClass::kOemNonTimestamped;
  }
  return record;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t byte : bytes) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0F]);
  }
  return out;
}

std::optional<TimePoint> bmc_time(std::uint32_t timestamp, std::chrono::minutes utc_offset, TimePoint now) {
  if (timestamp <= kPreInitTimestampMax || timestamp == kUnspecifiedTimestamp) {
    return std::nullopt;
  }
  const TimePoint local{std::chrono::seconds(timestamp)};
  const TimePoint utc = local - utc_offset;
  if (utc > now + kMaxFutureSkew) {
    return std::nullopt;
  }
  return utc;
}

SelEvent decode_sel_event(const SelRecord& record, const SelDecodeContext& context) {
  SelEvent event;
  event.record_id = std::to_string(record.record_id);
  event.received = context.received;
  event.raw = to_hex(record.bytes);
  if (record.record_class == RecordClass::kSystemEvent) {
    return decode_system_event(record, context, std::move(event));
  }
  return decode_oem_record(record, context, std::move(event));
}

}  // namespace dcm::ipmi::sel
