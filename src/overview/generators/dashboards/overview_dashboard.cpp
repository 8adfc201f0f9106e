// DC Overview: the fleet at a glance. Hosts, GPUs, the hottest VRAM and hotspot, throttling, AER errors,
// power, IPMI events and BMC reachability, the watchdog's agents and Vast.ai earnings.
#include "overview/generators/dashboards/dashboards.hpp"
#include "overview/scrape_jobs.hpp"

namespace dcm::overview {

Json overview_dashboard(const Fleet& fleet, const RenderContext& context) {
  const auto& t = fleet.alerts;
  const bool dc = has_job(fleet, kJobDcExporter);
  const bool gpu = !gpu_jobs_regex(fleet).empty();
  const auto hosts = host_jobs_regex(fleet);
  const std::string inst = "instance=~\"$instance\"";
  const auto vram = rising(t.vram_warning_celsius, t.vram_critical_celsius);
  const auto hotspot = rising(t.hotspot_warning_celsius, t.hotspot_critical_celsius);

  Dashboard d(
      "dcm-overview", "DC Overview",
      "Site " + fleet.site + " at a glance: hosts, GPUs, temperatures, throttling, PCIe errors, BMCs.",
      "overview");
  d.variable(job_variable(".+"));
  d.variable(instance_variable());

  d.row("Fleet");
  d.panel(
      stat_panel("Hosts up", "Hosts with at least one exporter answering.",
                 "count(max by (instance) (up{job=~\"" + hosts + "\", " + inst + "}) == 1) or vector(0)"));
  d.panel(stat_panel("Hosts down", "Hosts none of whose exporters answers (alert NodeDown).",
                     "count(max by (instance) (up{job=~\"" + hosts + "\", " + inst + "}) == 0) or vector(0)",
                     "short", {{std::nullopt, "green"}, {1, "red"}}));
  if (dc) {
    d.panel(stat_panel("GPUs", "NVIDIA GPUs on the PCI bus (dc-exporter), usable or not.",
                       "sum(dc_exporter_gpu_count{" + inst + "})"));
    d.panel(stat_panel("GPUs usable",
                       "GPUs bound to the nvidia driver; fewer than GPUs means passthrough or a lost GPU.",
                       "sum(instance:dcm_gpus_usable:sum{" + inst + "})"));
    d.panel(stat_panel("Hottest VRAM", "The hottest GPU memory in the fleet.",
                       "max(instance:dcm_gpu_vram_temp_celsius:max{" + inst + "})", "celsius", vram));
    d.panel(stat_panel("Hottest hotspot", "The hottest GPU junction in the fleet.",
                       "max(instance:dcm_gpu_hotspot_temp_celsius:max{" + inst + "})", "celsius", hotspot));
    d.panel(stat_panel("GPUs throttling", "GPUs held down by a thermal or hardware slowdown now.",
                       "sum(instance:dcm_gpus_thermal_throttled:count{" + inst + "})", "short",
                       {{std::nullopt, "green"}, {1, "orange"}}));
    auto aer = stat_panel("PCIe AER errors (1 h)", "AER errors of all GPUs in the last hour, all severities.",
                          "sum(instance:dcm_gpu_aer_errors:increase1h{" + inst + "})", "short",
                          {{std::nullopt, "green"}, {1, "orange"}});
    aer.decimals = 0;
    d.panel(aer);
  }
  if (gpu) {
    d.panel(stat_panel("GPU power", "Board power of all GPUs.",
                       "sum(instance:dcm_gpu_power_watts:sum{" + inst + "})", "watt"));
  }
  d.panel(stat_panel("Alerts firing", "Alerting rules firing now (rules/alerts.yml).",
                     "count(ALERTS{alertstate=\"firing\"}) or vector(0)", "short",
                     {{std::nullopt, "green"}, {1, "red"}}));
  if (fleet.ipmi_monitor) {
    d.panel(stat_panel("BMCs unreachable", "BMCs ipmi-monitor cannot reach.",
                       "sum(ipmi_total_servers) - sum(ipmi_reachable_servers)", "short",
                       {{std::nullopt, "green"}, {1, "red"}}));
    d.panel(stat_panel("IPMI critical events (24 h)",
                       "Critical SEL events of all servers in the last 24 hours.",
                       "sum(ipmi_events_critical_24h)", "short", {{std::nullopt, "green"}, {1, "red"}}));
    d.panel(stat_panel("IPMI warning events (24 h)",
                       "Warning SEL events of all servers in the last 24 hours.",
                       "sum(ipmi_events_warning_24h)", "short", {{std::nullopt, "green"}, {1, "orange"}}));
  }
  if (has_job(fleet, kJobWatchdog)) {
    d.panel(stat_panel("Watchdog agents down", "Agents the offsite dc-watchdog has not heard from.",
                       "sum(dc_watchdog_agents{state=\"down\"})", "short",
                       {{std::nullopt, "green"}, {1, "red"}}));
  }
  if (fleet.vastai) {
    d.panel(stat_panel("Vast.ai earnings per day", "What Vast.ai reports the machines earn per day.",
                       "sum(vastai_machine_earn_day)", "currencyUSD"));
  }

  if (dc) {
    d.row("GPU temperatures");
    d.panel(timeseries_panel("Hottest VRAM per host", "The hottest GPU memory of each host.",
                             {{"instance:dcm_gpu_vram_temp_celsius:max{" + inst + "}", "{{instance}}"}},
                             "celsius", vram));
    d.panel(timeseries_panel("Hottest hotspot per host", "The hottest GPU junction of each host.",
                             {{"instance:dcm_gpu_hotspot_temp_celsius:max{" + inst + "}", "{{instance}}"}},
                             "celsius", hotspot));
    Panel per_gpu;
    per_gpu.type = "bargauge";
    per_gpu.title = "VRAM temperature per GPU";
    per_gpu.description = "Every GPU of the selected hosts, however many each has.";
    per_gpu.width = 24;
    per_gpu.height = 10;
    per_gpu.unit = "celsius";
    per_gpu.min = 20;
    per_gpu.max = t.vram_critical_celsius + 10;
    per_gpu.thresholds = vram;
    per_gpu.queries = {
        {"DCGM_FI_DEV_VRAM_TEMP{" + std::string(kJobInstance) + "}", "{{instance}} GPU {{gpu}}", true}};
    d.panel(per_gpu);
    d.panel(timeseries_panel("GPUs throttling per host", "GPUs held down by a thermal or hardware slowdown.",
                             {{"instance:dcm_gpus_thermal_throttled:count{" + inst + "}", "{{instance}}"}},
                             "short"));
    d.panel(timeseries_panel(
        "PCIe AER errors per host (1 h)", "AER errors in the trailing hour, by severity.",
        {{"instance:dcm_gpu_aer_errors:increase1h{" + inst + "}", "{{instance}} {{severity}}"}}, "short"));
    d.panel(timeseries_panel("Inlet and exhaust temperature",
                             "The hosts' own BMC sensors as dc-exporter reads them in-band.",
                             {{"IPMI_INLET_TEMP{" + inst + "}", "{{instance}} inlet ({{sensor}})"},
                              {"IPMI_EXHAUST_TEMP{" + inst + "}", "{{instance}} exhaust ({{sensor}})"}},
                             "celsius"));
  }
  if (gpu) {
    d.panel(timeseries_panel("GPU power per host", "Board power of each host's GPUs.",
                             {{"instance:dcm_gpu_power_watts:sum{" + inst + "}", "{{instance}}"}}, "watt"));
  }

  d.row("Targets");
  auto targets = table_panel("Scrape targets",
                             "Every target of prometheus.yml; `dc-overview check` explains the down ones.",
                             {"up{" + std::string(kJobInstance) + "}"});
  targets.value_texts = {{"0", "down", "red"}, {"1", "up", "green"}};
  d.panel(targets);
  auto alerts = table_panel("Alerts firing", "Alerting rules firing now, with their labels.",
                            {"ALERTS{alertstate=\"firing\"}"});
  alerts.hidden_columns = {"Value", "alertstate"};
  d.panel(alerts);
  if (fleet.ipmi_monitor) {
    auto bmcs = table_panel("BMC reachability", "Every BMC ipmi-monitor watches.", {"ipmi_server_reachable"});
    bmcs.value_texts = {{"0", "unreachable", "red"}, {"1", "reachable", "green"}};
    d.panel(bmcs);
  }
  return d.build(context);
}

}  // namespace dcm::overview
