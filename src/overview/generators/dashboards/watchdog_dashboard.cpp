// Watchdog: the offsite dc-watchdog's agents by state and site, and its heartbeat ingest.
#include "overview/generators/dashboards/dashboards.hpp"
#include "overview/scrape_jobs.hpp"

namespace dcm::overview {

Json watchdog_dashboard(const Fleet& fleet, const RenderContext& context) {
  const std::string sel = kJobInstance;
  const std::string site = sel + ", site=~\"$site\"";

  Dashboard d("dcm-watchdog", "Watchdog",
              "Agents and heartbeats as the offsite dc-watchdog sees site " + fleet.site + " and the others.",
              "watchdog");
  d.variable(job_variable(std::string(kJobWatchdog)));
  d.variable(instance_variable());
  d.variable(Variable{"site", "Site", "label_values(dc_watchdog_agents{job=~\"$job\"}, site)"});

  d.row("Agents");
  d.panel(stat_panel("Agents up", "Agents heard from on time.",
                     "sum(dc_watchdog_agents{" + site + ", state=\"up\"})"));
  d.panel(stat_panel("Agents late", "Agents past their interval but not yet down.",
                     "sum(dc_watchdog_agents{" + site + ", state=\"late\"})", "short",
                     {{std::nullopt, "green"}, {1, "orange"}}));
  d.panel(stat_panel("Agents down", "Agents silent for the configured number of intervals.",
                     "sum(dc_watchdog_agents{" + site + ", state=\"down\"})", "short",
                     {{std::nullopt, "green"}, {1, "red"}}));
  d.panel(stat_panel("Agents paused", "Agents in maintenance.",
                     "sum(dc_watchdog_agents{" + site + ", state=\"paused\"})"));
  auto states = timeseries_panel(
      "Agents by state", "Agents per state, per site.",
      {{"sum by (site, state) (dc_watchdog_agents{" + site + "})", "{{site}} {{state}}"}}, "short");
  states.stacked = true;
  d.panel(states);
  auto silent = table_panel("Agents not up", "Every agent that is not up now.",
                            {"dc_watchdog_agent_up{" + site + "} == 0"});
  silent.hidden_columns = {"job", "instance", "Value"};
  d.panel(silent);

  d.row("Ingest");
  d.panel(timeseries_panel(
      "Heartbeats received", "Heartbeats accepted per second.",
      {{"rate(dc_watchdog_heartbeats_received_total{" + sel + "}[$__rate_interval])", "{{instance}}"}},
      "reqps"));
  d.panel(timeseries_panel(
      "Heartbeats rejected", "Heartbeats refused per second, by reason.",
      {{"sum by (reason) (rate(dc_watchdog_heartbeats_rejected_total{" + sel + "}[$__rate_interval]))",
        "{{reason}}"}},
      "reqps"));
  return d.build(context);
}

}  // namespace dcm::overview
