// How bad an IPMI system event is, from what the record says and never from its text: the sensor type,
// the event/reading type, the event offset and the direction. The table and the reasons for each choice
// are in docs/ipmi-monitor/ipmi-lan.md ("Severity").
//
// Rules, in order:
//   1. A deassertion is info: the condition it names has gone away (a failure that recovers, a presence
//      that ends). What replaces it is logged as its own assertion (Entity Absent, Device Removed, ...).
//   2. OEM event types (0x70-0x7F), OEM sensor types (0xC0-0xFF), unspecified and reserved codes: info.
//   3. Threshold events: non-critical going away from normal -> warning; critical and non-recoverable ->
//      critical; the "returning" directions (lower going high, upper going low) take the severity of the
//      band the reading is now in.
//   4. Generic discrete (0x02-0x0C) and sensor-specific (0x6F) offsets: a table per event type and per
//      sensor type. Offsets the tables leave open are info.
#pragma once

#include <cstdint>

#include "ipmi/model.hpp"

namespace dcm::ipmi::sel {

struct EventKey {
  std::uint8_t sensor_type = 0;      // table 42-3
  std::uint8_t event_type_code = 0;  // table 42-1: 0x01 threshold, 0x02-0x0C generic, 0x6F sensor-specific
  std::uint8_t offset = 0;           // event data 1 bits 3:0
  bool assertion = true;             // false: the record's direction bit says deassertion
};

Severity classify_severity(const EventKey& key);

}  // namespace dcm::ipmi::sel
