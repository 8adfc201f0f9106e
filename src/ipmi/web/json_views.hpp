// The JSON shapes of the API (docs/ipmi-monitor/web.md), built from FleetState and store records. Nothing
// here ever touches a password: ServerView and the records carry none.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ipmi/engine/fleet_state.hpp"
#include "ipmi/store/records.hpp"

namespace dcm::ipmi::web {

// Seconds since the Unix epoch (fractional), or null.
nlohmann::json unix_time(const std::optional<TimePoint>& time);

// The hottest temperature sensor reading (unit "C"), if any.
std::optional<double> hottest_celsius(const engine::ServerView& view);

nlohmann::json sensor_json(const SensorReading& reading);
nlohmann::json event_json(const store::EventRecord& record);
// One dashboard row; `last_event` may be null.
nlohmann::json server_summary_json(const engine::ServerView& view, const store::EventRecord* last_event);

}  // namespace dcm::ipmi::web
