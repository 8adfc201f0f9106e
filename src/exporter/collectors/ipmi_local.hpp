// The local BMC's chassis temperatures: IPMI_INLET_TEMP and IPMI_EXHAUST_TEMP, from the temperature sensors
// whose names match the [ipmi] inlet_sensors / exhaust_sensors patterns. Read in-band from /dev/ipmi0, or
// over LAN (lanplus) when --ipmi-host is given; see docs/ipmi-local.md.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics/family.hpp"
#include "exporter/collector.hpp"
#include "exporter/collector_context.hpp"
#include "exporter/collectors/ipmi_sensor_reader.hpp"

namespace dcm::exporter::collectors {

enum class SensorRole { kOther, kInlet, kExhaust };

// Which list a sensor name matches: shell patterns (fnmatch), case-insensitive. A name matching both lists
// is an inlet sensor.
SensorRole classify_sensor(std::string_view name, std::span<const std::string> inlet_patterns,
                           std::span<const std::string> exhaust_patterns);

// What add_temperature_metrics did with each sensor, by name, for the operator's log.
struct TemperatureSelection {
  std::vector<std::string> inlet;      // exported as IPMI_INLET_TEMP (when the config exports it)
  std::vector<std::string> exhaust;    // exported as IPMI_EXHAUST_TEMP (likewise)
  std::vector<std::string> unmatched;  // readable, but in neither pattern list
  std::vector<std::string> skipped;    // matching, but no reading, a non-temperature unit or a repeated name
  bool operator==(const TemperatureSelection&) const = default;
};

// Adds IPMI_INLET_TEMP / IPMI_EXHAUST_TEMP samples in degrees Celsius (Fahrenheit sensors converted) with
// labels {sensor, Hostname} for the matching readings, for the metrics the config exports.
TemperatureSelection add_temperature_metrics(std::span<const TemperatureReading> readings,
                                             const ExporterConfig& config, const std::string& hostname,
                                             core::metrics::MetricSet& out);

// One line for the log: which sensors were taken for what.
std::string describe_selection(const TemperatureSelection& selection);

std::shared_ptr<Collector> make_ipmi_local_collector(const CollectorContext& context);

}  // namespace dcm::exporter::collectors
