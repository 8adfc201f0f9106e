// GPU Temperatures: per-GPU VRAM, hotspot and core temperature, fans, throttle reasons (decoded: the reason
// label), PCIe AER, power, and what dcgm-exporter adds. Every panel covers all GPUs of the selected hosts:
// no panel names a GPU index.
#include "overview/generators/dashboards/dashboards.hpp"
#include "overview/scrape_jobs.hpp"

namespace dcm::overview {

Json gpu_temperatures_dashboard(const Fleet& fleet, const RenderContext& context) {
  const auto& t = fleet.alerts;
  const bool dc = has_job(fleet, kJobDcExporter);
  const bool dcgm = has_job(fleet, kJobDcgmExporter);
  const std::string sel = kJobInstance;
  const std::string gpu_legend = "{{instance}} GPU {{gpu}}";
  const auto vram = rising(t.vram_warning_celsius, t.vram_critical_celsius);
  const auto hotspot = rising(t.hotspot_warning_celsius, t.hotspot_critical_celsius);

  Dashboard d("dcm-gpu-temperatures", "GPU Temperatures",
              "Per-GPU temperatures, fans, throttling and PCIe errors of site " + fleet.site + ".", "gpu");
  d.variable(job_variable(gpu_jobs_regex(fleet)));
  d.variable(instance_variable());

  if (dc) {
    d.row("Temperatures");
    d.panel(timeseries_panel("VRAM temperature",
                             "GDDR6X from BAR0 on RTX boards, HBM from NVML on A100/H100.",
                             {{"DCGM_FI_DEV_VRAM_TEMP{" + sel + "}", gpu_legend}}, "celsius", vram));
    d.panel(timeseries_panel("Hotspot temperature", "The hottest point of the GPU die (junction).",
                             {{"DCGM_FI_DEV_HOT_SPOT_TEMP{" + sel + "}", gpu_legend}}, "celsius", hotspot));
  }
  d.panel(
      timeseries_panel("Core temperature",
                       "NVML's GPU temperature (dcgm-exporter, or dc-exporter with DCGM_FI_DEV_GPU_TEMP on).",
                       {{"DCGM_FI_DEV_GPU_TEMP{" + sel + "}", gpu_legend}}, "celsius"));
  if (dc) {
    d.panel(timeseries_panel("Hotspot above core",
                             "Hotspot minus core temperature: a gap that grows over months means the thermal "
                             "paste or pads are drying out.",
                             {{"DCGM_FI_DEV_HOT_SPOT_TEMP{" + sel +
                                   "} - on (instance, gpu) max by (instance, gpu) "
                                   "(DCGM_FI_DEV_GPU_TEMP{instance=~\"$instance\"})",
                               gpu_legend}},
                             "celsius", rising(15, 25)));
    auto fans = timeseries_panel("Fan speed", "Percent of the fan's maximum; absent on fanless (SXM) boards.",
                                 {{"DCGM_FI_DEV_FAN_SPEED{" + sel + "}", gpu_legend}}, "percent");
    fans.min = 0;
    fans.max = 100;
    d.panel(fans);
    auto now = table_panel("Now, per GPU", "The latest reading of every GPU.",
                           {"DCGM_FI_DEV_VRAM_TEMP{" + sel + "}", "DCGM_FI_DEV_HOT_SPOT_TEMP{" + sel + "}",
                            "DCGM_FI_DEV_FAN_SPEED{" + sel + "}"});
    now.unit = "celsius";
    now.thresholds = vram;
    now.hidden_columns = {"job", "UUID", "device", "Hostname"};
    d.panel(now);

    d.row("Throttling");
    auto active =
        table_panel("Throttle reasons active now",
                    "One row per GPU and reason (NVML's reason names, decoded by dc-exporter). Idle "
                    "is left out.",
                    {"DCGM_FI_DEV_CLOCKS_THROTTLE_REASON{" + sel + ", reason!=\"GpuIdle\"} == 1"});
    active.hidden_columns = {"job", "UUID", "device", "Hostname", "Value"};
    d.panel(active);
    auto reasons = timeseries_panel(
        "GPUs per throttle reason", "How many GPUs of each host are held down by each reason.",
        {{"sum by (instance, reason) (DCGM_FI_DEV_CLOCKS_THROTTLE_REASON{" + sel + ", reason!=\"GpuIdle\"})",
          "{{instance}} {{reason}}"}},
        "short");
    reasons.stacked = true;
    d.panel(reasons);

    d.row("PCIe and power");
    d.panel(timeseries_panel(
        "PCIe AER errors (1 h)", "AER errors of each GPU in the trailing hour, by severity.",
        {{"sum by (instance, gpu, severity) (increase(GPU_AER_TOTAL_ERRORS{" + sel + "}[1h]))",
          gpu_legend + " {{severity}}"}},
        "short"));
    Panel state;
    state.type = "state-timeline";
    state.title = "PCIe AER state";
    state.description =
        "dc-exporter's 5-minute AER state: 0 quiet, 1 correctable errors rising, 2 non-fatal or "
        "fatal errors.";
    state.unit = "none";
    state.thresholds = {{std::nullopt, "green"}, {1, "orange"}, {2, "red"}};
    state.value_texts = {
        {"0", "no errors", "green"}, {"1", "correctable", "orange"}, {"2", "uncorrectable", "red"}};
    state.queries = {{"GPU_AER_ERROR_STATE{" + sel + "}", gpu_legend}};
    d.panel(state);
  }
  d.panel(timeseries_panel("Power draw", "Board power per GPU.",
                           {{"DCGM_FI_DEV_POWER_USAGE{" + sel + "}", gpu_legend}}, "watt"));
  if (dcgm) {
    d.row("dcgm-exporter");
    auto util = timeseries_panel("GPU utilisation", "dcgm-exporter's DCGM_FI_DEV_GPU_UTIL.",
                                 {{"DCGM_FI_DEV_GPU_UTIL{" + sel + "}", gpu_legend}}, "percent");
    util.min = 0;
    util.max = 100;
    d.panel(util);
    d.panel(timeseries_panel("Framebuffer used", "GPU memory in use (dcgm-exporter, MiB).",
                             {{"DCGM_FI_DEV_FB_USED{" + sel + "}", gpu_legend}}, "mbytes"));
    d.panel(timeseries_panel("SM clock", "Streaming multiprocessor clock (dcgm-exporter).",
                             {{"DCGM_FI_DEV_SM_CLOCK{" + sel + "}", gpu_legend}}, "MHz"));
    d.panel(table_panel("Last XID error", "The last XID error code each GPU reported (0: none).",
                        {"DCGM_FI_DEV_XID_ERRORS{" + sel + "} > 0"}));
  }
  if (dc) {
    d.row("dc-exporter");
    auto collectors = table_panel("Collectors", "Whether each dc-exporter collector's last run succeeded.",
                                  {"dc_exporter_collector_success{" + sel + "}"});
    collectors.value_texts = {{"0", "failing", "red"}, {"1", "ok", "green"}};
    d.panel(collectors);
    d.panel(timeseries_panel("GPUs found and usable",
                             "GPUs on the PCI bus and those bound to the nvidia driver, per host.",
                             {{"dc_exporter_gpu_count{" + sel + "}", "{{instance}} on the bus"},
                              {"instance:dcm_gpus_usable:sum{" + sel + "}", "{{instance}} usable"}},
                             "short"));
  }
  return d.build(context);
}

}  // namespace dcm::overview
