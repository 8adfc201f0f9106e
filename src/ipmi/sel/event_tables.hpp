// The IPMI 2.0 "Sensor and Event Code Tables" (spec section 42) as plain lookups: sensor type names
// (table 42-3), event/reading type classes (table 42-1), and the text of each event offset, generic
// (table 42-2) and sensor-specific (table 42-3). Text only; how bad an event is lives in severity.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dcm::ipmi::sel {

// Event/Reading Type Code classes (table 42-1).
enum class EventClass {
  kUnspecified,     // 0x00
  kThreshold,       // 0x01
  kGeneric,         // 0x02-0x0C: generic discrete
  kSensorSpecific,  // 0x6F
  kOem,             // 0x70-0x7F
  kReserved,        // everything else
};

EventClass classify_event_type(std::uint8_t event_type_code);

// "threshold", "discrete", "sensor-specific", "oem", "unspecified", "reserved": SelEvent::event_type.
std::string_view to_string(EventClass event_class);

// "Temperature", "Memory", "Power Supply", ...; "OEM sensor type 0xC1" for 0xC0-0xFF and
// "reserved sensor type 0x2D" for codes the spec does not define.
std::string sensor_type_name(std::uint8_t sensor_type);

// The description of an event offset (0-15), e.g. "Uncorrectable ECC / other uncorrectable memory error"
// for memory (0x0C) sensor-specific offset 1, "Upper Critical going high" for threshold offset 9. Empty
// when the tables define nothing for it (reserved offsets, OEM event types, sensor types without
// sensor-specific offsets).
std::string_view event_offset_text(std::uint8_t sensor_type, std::uint8_t event_type_code,
                                   std::uint8_t offset);

}  // namespace dcm::ipmi::sel
