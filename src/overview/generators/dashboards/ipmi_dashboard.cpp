// IPMI / BMC: reachability, power, sensors and SEL events by severity, from ipmi-monitor's /metrics.
#include "overview/generators/dashboards/dashboards.hpp"
#include "overview/scrape_jobs.hpp"

namespace dcm::overview {

Json ipmi_dashboard(const Fleet& fleet, const RenderContext& context) {
  const std::string sel = kJobInstance;
  const std::string srv = sel + ", server=~\"$server\"";
  const std::string legend = "{{server}} {{sensor}}";

  Dashboard d(
      "dcm-ipmi-bmc", "IPMI / BMC",
      "BMC reachability, power, sensors and System Event Log of site " + fleet.site + " (ipmi-monitor).",
      "ipmi");
  d.variable(job_variable(std::string(kJobIpmiMonitor)));
  d.variable(instance_variable());
  d.variable(Variable{"server", "Server",
                      "label_values(ipmi_server_reachable{job=~\"$job\", instance=~\"$instance\"}, server)"});

  d.row("Fleet");
  d.panel(stat_panel("Servers", "Servers ipmi-monitor watches.", "sum(ipmi_total_servers{" + sel + "})"));
  d.panel(stat_panel("BMCs reachable", "BMCs that answered their last poll.",
                     "sum(ipmi_reachable_servers{" + sel + "})"));
  d.panel(stat_panel("BMCs unreachable", "BMCs that did not answer (alert BmcUnreachable after 5 minutes).",
                     "sum(ipmi_total_servers{" + sel + "}) - sum(ipmi_reachable_servers{" + sel + "})",
                     "short", {{std::nullopt, "green"}, {1, "red"}}));
  d.panel(stat_panel("Critical events (24 h)", "Critical SEL events in the last 24 hours.",
                     "sum(ipmi_events_critical_24h{" + srv + "})", "short",
                     {{std::nullopt, "green"}, {1, "red"}}));
  d.panel(stat_panel("Warning events (24 h)", "Warning SEL events in the last 24 hours.",
                     "sum(ipmi_events_warning_24h{" + srv + "})", "short",
                     {{std::nullopt, "green"}, {1, "orange"}}));
  d.panel(stat_panel("Info events (24 h)", "Informational SEL events in the last 24 hours.",
                     "sum(ipmi_events_info_24h{" + srv + "})"));

  auto servers =
      table_panel("Servers", "Reachability, power and the last day's events of each server.",
                  {"ipmi_server_reachable{" + srv + "}", "ipmi_server_power_on{" + srv + "}",
                   "ipmi_events_critical_24h{" + srv + "}", "ipmi_events_warning_24h{" + srv + "}"});
  servers.width = 24;
  servers.hidden_columns = {"job", "instance"};
  d.panel(servers);

  d.row("Sensors");
  d.panel(timeseries_panel("Temperatures", "Every temperature sensor of the selected servers.",
                           {{"ipmi_temperature_celsius{" + srv + "}", legend}}, "celsius"));
  d.panel(
      timeseries_panel("Fans", "Every fan sensor.", {{"ipmi_fan_speed_rpm{" + srv + "}", legend}}, "rotrpm"));
  d.panel(timeseries_panel("Power", "Power readings (DCMI or PSU sensors).",
                           {{"ipmi_power_watts{" + srv + "}", legend}}, "watt"));
  auto sensors = table_panel("Sensors not ok", "Sensors in warning (1) or critical (2) state now.",
                             {"ipmi_sensor_state{" + srv + "} > 0"});
  sensors.thresholds = {{std::nullopt, "green"}, {1, "orange"}, {2, "red"}};
  sensors.value_texts = {{"1", "warning", "orange"}, {"2", "critical", "red"}};
  sensors.hidden_columns = {"job", "instance"};
  d.panel(sensors);

  d.row("Events and collection");
  d.panel(timeseries_panel("SEL events in the last 24 h",
                           "Events by severity, summed over the selected servers.",
                           {{"sum(ipmi_events_critical_24h{" + srv + "})", "critical"},
                            {"sum(ipmi_events_warning_24h{" + srv + "})", "warning"},
                            {"sum(ipmi_events_info_24h{" + srv + "})", "info"}},
                           "short"));
  d.panel(timeseries_panel("SEL records stored per hour", "New SEL records ipmi-monitor stored, per server.",
                           {{"increase(ipmi_events_total{" + srv + "}[1h])", "{{server}}"}}, "short"));
  d.panel(timeseries_panel("Collection duration", "How long each server's last poll took.",
                           {{"ipmi_collection_duration_seconds{" + srv + "}", "{{server}}"}}, "s"));
  d.panel(timeseries_panel("Since last successful poll", "Seconds since each server last answered.",
                           {{"time() - ipmi_last_success_timestamp_seconds{" + srv + "}", "{{server}}"}}, "s",
                           rising(120, 600)));
  return d.build(context);
}

}  // namespace dcm::overview
