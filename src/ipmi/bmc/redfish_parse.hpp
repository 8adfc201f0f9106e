// Pure decoding of Redfish documents into ipmi-monitor's model (docs/ipmi-monitor/redfish.md, "What is read
// from where"). Strict about types: a property of the wrong JSON type is reported in `problems` ("Thermal:
// Temperatures[2].ReadingCelsius: expected a number, got string") and treated as absent; nothing here
// throws on odd input. Severity comes from the entry's Severity (or MessageSeverity) enum, never from text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ipmi/model.hpp"

namespace dcm::ipmi::bmc::redfish {

using Json = nlohmann::json;

// Field-level problems found while decoding, each naming the resource and the property.
struct Problems {
  std::vector<std::string> messages;
  void add(std::string_view where, std::string_view field, std::string_view what);
};

// JSON type name as people read it: "string", "number", "object" ...
std::string_view type_name(const Json& value);

// obj[key] when it is a number (null or absent: nullopt silently; another type: a problem).
std::optional<double> number_field(const Json& object, std::string_view key, std::string_view where,
                                   Problems& problems);
std::optional<std::string> string_field(const Json& object, std::string_view key, std::string_view where,
                                        Problems& problems);
// obj[key]["@odata.id"], "" when absent.
std::string link_field(const Json& object, std::string_view key, std::string_view where, Problems& problems);

// "On" -> true; "Off" -> false; "PoweringOn" -> false; "PoweringOff" and "Paused" -> true; else nullopt.
std::optional<bool> parse_power_state(std::string_view state);

// Status.Health: OK / Warning / Critical -> ok / warning / critical; nullopt when absent or unknown.
std::optional<SensorState> parse_health(const Json& status);

// Older resources: Chassis/{id}/Thermal (Temperatures, Fans) and Chassis/{id}/Power (Voltages,
// PowerSupplies). Absent sensors (Status.State "Absent") are left out.
std::vector<SensorReading> parse_thermal(const Json& thermal, std::string_view where, Problems& problems);
std::vector<SensorReading> parse_power_sensors(const Json& power, std::string_view where, Problems& problems);
// Sum of PowerControl[].PowerConsumedWatts; nullopt when none reports a number.
std::optional<double> parse_power_control_watts(const Json& power, std::string_view where,
                                                Problems& problems);

// Newer resources: one Sensor of Chassis/{id}/Sensors, one Fan of ThermalSubsystem/Fans, and the chassis
// EnvironmentMetrics PowerWatts. nullopt for an absent sensor.
std::optional<SensorReading> parse_sensor(const Json& sensor, std::string_view where, Problems& problems);
std::optional<SensorReading> parse_fan(const Json& fan, std::string_view where, Problems& problems);
std::optional<double> parse_environment_watts(const Json& metrics, std::string_view where,
                                              Problems& problems);

// ISO 8601 "2025-11-02T09:20:05-06:00", "...Z", with optional fractional seconds, to UTC. nullopt when
// malformed.
std::optional<TimePoint> parse_redfish_time(std::string_view text);

// One LogEntry as a SelEvent. record_id is the caller's (unique across the BMC's log services); `received`
// is when the monitor saw it. A Created before 2001 (an unset BMC clock) leaves bmc_time empty.
SelEvent parse_log_entry(const Json& entry, std::string record_id, TimePoint received, std::string_view where,
                         Problems& problems);

}  // namespace dcm::ipmi::bmc::redfish
