#include "ipmi/metrics_view.hpp"

#include <chrono>
#include <set>
#include <string>
#include <utility>

namespace dcm::ipmi {
namespace {

using core::metrics::Labels;
using core::metrics::MetricType;

Labels server_labels(const engine::ServerView& view) {
  return {{"server", view.name}, {"bmc", view.bmc}};
}

// Specific families for the sensor kinds dashboards chart most, in base units.
struct TypedFamily {
  const char* type;
  const char* unit;
  const char* name;
  const char* help;
};
constexpr TypedFamily kTyped[] = {
    {"Temperature", "C", "ipmi_temperature_celsius", "Temperature sensor reading in degrees Celsius."},
    {"Fan", "RPM", "ipmi_fan_speed_rpm", "Fan speed sensor reading in revolutions per minute."},
};

}  // namespace

core::metrics::MetricSet build_metrics(const std::vector<engine::ServerView>& servers) {
  core::metrics::MetricSet set;
  int reachable = 0;
  for (const auto& view : servers) {
    reachable += view.reachable ? 1 : 0;
  }
  set.add("ipmi_total_servers", "Servers in the inventory.", MetricType::kGauge, {},
          static_cast<double>(servers.size()));
  set.add("ipmi_reachable_servers", "Servers whose BMC answered the last reachability check.",
          MetricType::kGauge, {}, reachable);

  for (const auto& view : servers) {
    const auto labels = server_labels(view);
    set.add("ipmi_server_reachable",
            "1 when the last check established a session with the BMC and got an answer; 0 otherwise "
            "(authentication failures included).",
            MetricType::kGauge, labels, view.reachable ? 1 : 0);
    if (view.power_on) {
      set.add("ipmi_server_power_on", "1 when the server's chassis power is on, 0 when off.",
              MetricType::kGauge, labels, *view.power_on ? 1 : 0);
    }
    if (view.power_watts) {
      set.add("ipmi_power_watts", "Power draw reported by the BMC (DCMI or Redfish PowerControl), in watts.",
              MetricType::kGauge, labels, *view.power_watts);
    }
    set.add("ipmi_events_total", "SEL records stored for this server since monitoring began.",
            MetricType::kCounter, labels, static_cast<double>(view.events_total));
    set.add("ipmi_events_critical_24h", "Critical SEL events in the last 24 hours (by event time).",
            MetricType::kGauge, labels, static_cast<double>(view.last_24h.critical));
    set.add("ipmi_events_warning_24h", "Warning SEL events in the last 24 hours (by event time).",
            MetricType::kGauge, labels, static_cast<double>(view.last_24h.warning));
    set.add("ipmi_events_info_24h", "Informational SEL events in the last 24 hours (by event time).",
            MetricType::kGauge, labels, static_cast<double>(view.last_24h.info));
    if (view.collected) {
      set.add("ipmi_collection_duration_seconds", "How long the last collection job for this server took.",
              MetricType::kGauge, labels, view.last_duration_seconds);
    }
    if (view.last_success) {
      set.add("ipmi_last_success_timestamp_seconds", "Unix time of the last fully successful collection job.",
              MetricType::kGauge, labels,
              std::chrono::duration<double>(view.last_success->time_since_epoch()).count());
    }
    // BMCs do repeat sensor names (two "Temp" sensors on one board); Prometheus rejects a scrape with a
    // repeated series, so the first reading of a name wins and the rest are left out.
    std::set<std::pair<std::string, std::string>> seen;  // (sensor, type)
    for (const auto& sensor : view.sensors) {
      if (!seen.insert({sensor.name, sensor.type}).second) {
        continue;
      }
      Labels sensor_labels{
          {"server", view.name}, {"sensor", sensor.name}, {"type", sensor.type}, {"unit", sensor.unit}};
      if (sensor.value) {
        set.add("ipmi_sensor_value", "Sensor reading in the unit of the unit label.", MetricType::kGauge,
                sensor_labels, *sensor.value);
      }
      if (sensor.state != SensorState::kUnknown) {
        set.add("ipmi_sensor_state", "Sensor state: 0 ok, 1 warning, 2 critical.", MetricType::kGauge,
                sensor_labels, static_cast<double>(sensor.state));
      }
      for (const auto& typed : kTyped) {
        // Keyed by name alone: a second sensor type with the same name must not repeat the series.
        if (sensor.value && sensor.type == typed.type && sensor.unit == typed.unit &&
            seen.insert({sensor.name, std::string("#") + typed.name}).second) {
          set.add(typed.name, typed.help, MetricType::kGauge,
                  {{"server", view.name}, {"sensor", sensor.name}}, *sensor.value);
        }
      }
    }
  }
  return set;
}

}  // namespace dcm::ipmi
