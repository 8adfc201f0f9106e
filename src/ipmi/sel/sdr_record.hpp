// What a SEL record needs from the Sensor Data Repository: a sensor's name and, for threshold sensors with a
// linear conversion, how to turn raw readings into values. Parsed from raw SDR records (IPMI 2.0 section
// 43: Full 0x01, Compact 0x02, Event-Only 0x03); other record types carry no sensor and are skipped.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

namespace dcm::ipmi::sel {

// A sensor is identified by its owner (the byte that a SEL record's generator id also carries: 7-bit
// address or software id plus the "system software" bit), its owner's LUN and its number.
struct SensorKey {
  std::uint8_t owner_id = 0;
  std::uint8_t lun = 0;
  std::uint8_t number = 0;
  auto operator<=>(const SensorKey&) const = default;
};

// y = (M * x + B * 10^Bexp) * 10^Rexp for a linear (linearisation 0) Full Sensor Record.
struct LinearConversion {
  enum class Format { kUnsigned, kOnesComplement, kTwosComplement };
  Format format = Format::kUnsigned;
  int m = 1;
  int b = 0;
  int b_exponent = 0;
  int r_exponent = 0;
  double apply(std::uint8_t raw) const;
};

struct SdrSensor {
  SensorKey key;
  std::string name;  // the record's ID string (untrusted BMC text)
  std::uint8_t sensor_type = 0;
  std::uint8_t event_type_code = 0;
  std::optional<LinearConversion> conversion;  // Full records with a linear, analog reading
  std::string unit;                            // "C", "V", "RPM", ... when the base unit is a common one
};

// Parses one raw SDR record (header included) into the sensors it describes: one, or several for a Compact
// or Event-Only record shared by consecutive sensor numbers (names get the record's instance modifier:
// "DIMM" shared by 4 with numeric offset 1 gives "DIMM1" ... "DIMM4"). Empty for record types without a
// sensor and for records too short for their type (a truncated record is skipped, not fatal).
std::vector<SdrSensor> parse_sdr_sensors(std::span<const std::uint8_t> record);

// The sensors of one BMC's SDR, looked up by the key a SEL record carries.
class SensorDirectory {
 public:
  void add(SdrSensor sensor);
  const SdrSensor* find(const SensorKey& key) const;
  std::size_t size() const { return sensors_.size(); }
  bool empty() const { return sensors_.empty(); }

 private:
  std::map<SensorKey, SdrSensor> sensors_;
};

}  // namespace dcm::ipmi::sel
