// One IPMI System Event Log record (IPMI 2.0 section 32): the 16 bytes a BMC returns from Get SEL Entry,
// split into fields (parse_sel_record) and turned into ipmi-monitor's SelEvent (decode_sel_event), with a
// sensor type name, an event type, a direction, a message from the spec's offset tables, a severity from
// severity.hpp, the BMC's timestamp when it is believable, and the raw bytes as hex.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "ipmi/model.hpp"
#include "ipmi/sel/sdr_record.hpp"

namespace dcm::ipmi::sel {

inline constexpr std::size_t kSelRecordSize = 16;
// Timestamps at or below this count seconds since the BMC started, not since 1970: its clock was never set
// ("pre-init", IPMI 2.0 section 37).
inline constexpr std::uint32_t kPreInitTimestampMax = 0x20000000;
inline constexpr std::uint32_t kUnspecifiedTimestamp = 0xFFFFFFFF;
// A BMC time further ahead of ours than this is not believed.
inline constexpr std::chrono::hours kMaxFutureSkew{24};

enum class RecordClass {
  kSystemEvent,        // record type 0x02
  kOemTimestamped,     // 0xC0-0xDF: timestamp, manufacturer id, 6 OEM bytes
  kOemNonTimestamped,  // 0xE0-0xFF: 13 OEM bytes
  kUnspecified,        // any other type
};

class SelDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SelRecord {
  std::array<std::uint8_t, kSelRecordSize> bytes{};
  std::uint16_t record_id = 0;
  std::uint8_t record_type = 0;
  RecordClass record_class = RecordClass::kUnspecified;
  std::optional<std::uint32_t> timestamp;  // system event and timestamped OEM records
  // System event records only.
  std::uint16_t generator_id =
      0;  // byte 7: address or software id (bit 0: 1 = software), byte 8: LUN, channel
  std::uint8_t evm_revision = 0;
  std::uint8_t sensor_type = 0;
  std::uint8_t sensor_number = 0;
  bool assertion = true;
  std::uint8_t event_type_code = 0;
  std::array<std::uint8_t, 3> event_data{};
  // Timestamped OEM records only.
  std::uint32_t manufacturer_id = 0;

  std::uint8_t offset() const { return event_data[0] & 0x0F; }
  // The SDR key of the sensor that generated a system event.
  SensorKey sensor_key() const;
};

// Throws SelDecodeError when `bytes` is not exactly 16 bytes long.
SelRecord parse_sel_record(std::span<const std::uint8_t> bytes);

// Lower-case hex of the bytes, no separators: "0100024..." (32 characters for a SEL record).
std::string to_hex(std::span<const std::uint8_t> bytes);

struct SelDecodeContext {
  TimePoint received;                        // when we read it; also "now" for the plausibility check
  std::chrono::minutes utc_offset{0};        // the BMC's SEL time UTC offset: its timestamps are UTC + offset
  const SensorDirectory* sensors = nullptr;  // for sensor names and reading conversion; may be null
};

// The BMC time of a SEL timestamp, or nullopt when it is pre-init, unspecified, or more than
// kMaxFutureSkew ahead of `now`.
std::optional<TimePoint> bmc_time(std::uint32_t timestamp, std::chrono::minutes utc_offset, TimePoint now);

SelEvent decode_sel_event(const SelRecord& record, const SelDecodeContext& context);

}  // namespace dcm::ipmi::sel
