#include "ipmi/web/json_views.hpp"

namespace dcm::ipmi::web {

nlohmann::json unix_time(const std::optional<TimePoint>& time) {
  if (!time) {
    return nullptr;
  }
  return std::chrono::duration<double>(time->time_since_epoch()).count();
}

std::optional<double> hottest_celsius(const engine::ServerView& view) {
  std::optional<double> hottest;
  for (const auto& sensor : view.sensors) {
    if (sensor.unit == "C" && sensor.value && (!hottest || *sensor.value > *hottest)) {
      hottest = sensor.value;
    }
  }
  return hottest;
}

nlohmann::json sensor_json(const SensorReading& reading) {
  return {{"name", reading.name},
          {"type", reading.type},
          {"unit", reading.unit},
          {"value", reading.value ? nlohmann::json(*reading.value) : nlohmann::json(nullptr)},
          {"state", std::string(to_string(reading.state))}};
}

nlohmann::json event_json(const store::EventRecord& record) {
  const auto& event = record.event;
  nlohmann::json json{{"id", record.id},
                      {"server", record.server},
                      {"record_id", event.record_id},
                      {"time", unix_time(event.effective_time())},
                      {"bmc_time_valid", event.bmc_time.has_value()},
                      {"sensor", event.sensor_name},
                      {"sensor_type", event.sensor_type},
                      {"assertion", event.assertion},
                      {"severity", std::string(to_string(event.severity))},
                      {"message", event.message},
                      {"acknowledged", record.ack.has_value()}};
  if (record.ack) {
    json["acknowledged_by"] = record.ack->user;
    json["acknowledged_at"] = unix_time(record.ack->time);
  }
  return json;
}

nlohmann::json server_summary_json(const engine::ServerView& view, const store::EventRecord* last_event) {
  auto hottest = hottest_celsius(view);
  return {{"name", view.name},
          {"bmc", view.bmc},
          {"tags", view.tags},
          {"collected", view.collected},
          {"reachable", view.reachable},
          {"power", view.power_on ? nlohmann::json(*view.power_on ? "on" : "off") : nlohmann::json(nullptr)},
          {"power_watts", view.power_watts ? nlohmann::json(*view.power_watts) : nlohmann::json(nullptr)},
          {"last_error", view.last_error},
          {"last_success", unix_time(view.last_success)},
          {"last_attempt", unix_time(view.last_attempt)},
          {"events_24h",
           {{"info", view.last_24h.info},
            {"warning", view.last_24h.warning},
            {"critical", view.last_24h.critical}}},
          {"hottest_celsius", hottest ? nlohmann::json(*hottest) : nlohmann::json(nullptr)},
          {"last_event", last_event ? event_json(*last_event) : nlohmann::json(nullptr)}};
}

}  // namespace dcm::ipmi::web
