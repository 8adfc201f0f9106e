#include "overview/generators/rules.hpp"

#include "overview/scrape_jobs.hpp"

namespace dcm::overview {
namespace {

using std::chrono::minutes;

std::string fs_filter() {
  return std::string("fstype!~\"") + kIgnoredFsTypes + "\"";
}

bool any_worker_runs(const Fleet& fleet, WorkerExporter exporter) {
  for (const auto& worker : fleet.workers) {
    if (worker.has(exporter)) {
      return true;
    }
  }
  return false;
}

void add(std::vector<RecordingRule>& rules, std::string record, std::string expr, std::string labels,
         std::string comment) {
  rules.push_back({std::move(record), std::move(expr), std::move(labels), std::move(comment)});
}

std::vector<AlertRule> gpu_alerts(const Fleet& fleet) {
  const auto& t = fleet.alerts;
  std::vector<AlertRule> rules;
  auto gpu = [](std::string what) {
    return "GPU {{ $labels.gpu }} ({{ $labels.modelName }}) on {{ $labels.instance }} " + what;
  };
  rules.push_back(
      {"GpuVramTemperatureHigh", "DCGM_FI_DEV_VRAM_TEMP > " + format_number(t.vram_warning_celsius),
       minutes(5), "warning", gpu("has VRAM at {{ $value }} °C"),
       "VRAM above " + format_number(t.vram_warning_celsius) +
           " °C for 5 minutes. Check airflow and fan speed; memory errors and throttling follow."});
  rules.push_back({"GpuVramTemperatureCritical",
                   "DCGM_FI_DEV_VRAM_TEMP > " + format_number(t.vram_critical_celsius), minutes(2),
                   "critical", gpu("has VRAM at {{ $value }} °C"),
                   "VRAM above " + format_number(t.vram_critical_celsius) +
                       " °C for 2 minutes: the memory is at its limit and the GPU will throttle hard."});
  rules.push_back({"GpuHotspotTemperatureHigh",
                   "DCGM_FI_DEV_HOT_SPOT_TEMP > " + format_number(t.hotspot_warning_celsius), minutes(5),
                   "warning", gpu("has a hotspot of {{ $value }} °C"),
                   "Hotspot (junction) above " + format_number(t.hotspot_warning_celsius) +
                       " °C for 5 minutes. A hotspot far above the core temperature points to dried thermal "
                       "paste or a loose cooler."});
  rules.push_back({"GpuHotspotTemperatureCritical",
                   "DCGM_FI_DEV_HOT_SPOT_TEMP > " + format_number(t.hotspot_critical_celsius), minutes(2),
                   "critical", gpu("has a hotspot of {{ $value }} °C"),
                   "Hotspot above " + format_number(t.hotspot_critical_celsius) + " °C for 2 minutes."});
  rules.push_back(
      {"GpuFanFailed",
       "DCGM_FI_DEV_FAN_SPEED == 0 and on (job, instance, gpu) (DCGM_FI_DEV_HOT_SPOT_TEMP > 70 or "
       "DCGM_FI_DEV_VRAM_TEMP > 70)",
       minutes(2), "critical", gpu("reports its fan at 0 % while hot"),
       "The fan reads 0 % while the hotspot or VRAM is above 70 °C (zero-RPM idle stops fans only "
       "when cool): the fan has failed or is unplugged."});
  rules.push_back(
      {"GpuFanStuck",
       "changes(DCGM_FI_DEV_FAN_SPEED[30m]) == 0 and on (job, instance, gpu) "
       "DCGM_FI_DEV_FAN_SPEED < 100 and on (job, instance, gpu) "
       "(max_over_time(DCGM_FI_DEV_VRAM_TEMP[30m]) - min_over_time(DCGM_FI_DEV_VRAM_TEMP[30m]) > 10)",
       minutes(5), "warning", gpu("has a fan that does not follow its temperature"),
       "The fan speed has not changed for 30 minutes while the VRAM temperature moved by more "
       "than 10 °C. A fixed manual fan setting also looks like this."});
  rules.push_back(
      {"GpuThermalThrottling",
       std::string("DCGM_FI_DEV_CLOCKS_THROTTLE_REASON{reason=~\"") + kThermalThrottleReasons + "\"} == 1",
       minutes(5), "warning", gpu("is throttling its clocks ({{ $labels.reason }})"),
       "A thermal or hardware slowdown has held the clocks down for 5 minutes."});
  rules.push_back(
      {"GpuPcieAerUncorrectable",
       "sum without (severity) (increase(GPU_AER_TOTAL_ERRORS{severity=~\"nonfatal|fatal\"}[15m])) > 0",
       minutes(1), "critical", gpu("logged uncorrectable PCIe AER errors"),
       "Uncorrectable PCIe errors in the last 15 minutes: riser, slot or GPU failing. Expect "
       "Xid errors and a lost GPU."});
  rules.push_back(
      {"GpuPcieAerCorrectableRising",
       "sum without (severity) (increase(GPU_AER_TOTAL_ERRORS{severity=\"correctable\"}[1h])) >= 10",
       minutes(5), "warning", gpu("logs correctable PCIe AER errors"),
       "Ten or more correctable PCIe errors within an hour: a marginal link (riser, cable, slot) "
       "that often degrades further."});
  rules.push_back(
      {"GpuMissing", "dc_exporter_gpu_count < max_over_time(dc_exporter_gpu_count[24h])", minutes(5),
       "critical", "{{ $labels.instance }} sees fewer GPUs than it did in the last day",
       "dc-exporter counts {{ $value }} NVIDIA GPUs on the PCI bus, fewer than its maximum in the "
       "last 24 hours: a GPU fell off the bus. (A GPU removed on purpose keeps this firing for a "
       "day.)"});
  rules.push_back({"GpuReadErrors", "increase(dc_exporter_gpu_errors_total[10m]) > 0", minutes(10), "warning",
                   "dc-exporter cannot read GPU {{ $labels.pci_bus_id }} on {{ $labels.instance }}",
                   "The {{ $labels.collector }} collector failed to read this GPU for 10 minutes (NVML \"GPU "
                   "is lost\", 0xFFFFFFFF from BAR0)."});
  rules.push_back({"DcExporterCollectorFailing", "dc_exporter_collector_success == 0", minutes(10), "warning",
                   "dc-exporter's {{ $labels.collector }} collector fails on {{ $labels.instance }}",
                   "The collector has failed or hung for 10 minutes; its metrics are missing. See "
                   "journalctl -u dc-exporter on the host."});
  return rules;
}

std::vector<AlertRule> host_alerts(const Fleet& fleet) {
  const auto& t = fleet.alerts;
  const auto host_jobs = host_jobs_regex(fleet);
  std::vector<AlertRule> rules;
  rules.push_back({"NodeDown", "max by (instance) (up{job=~\"" + host_jobs + "\"}) == 0", minutes(3),
                   "critical", "{{ $labels.instance }} is down",
                   "No exporter on {{ $labels.instance }} has answered a scrape for 3 minutes: the host is "
                   "off, hung or cut from the network."});
  rules.push_back({"ExporterDown",
                   "up == 0 unless on (instance) (max by (instance) (up{job=~\"" + host_jobs + "\"}) == 0)",
                   minutes(5), "warning", "{{ $labels.job }} on {{ $labels.instance }} is down",
                   "Prometheus has not scraped {{ $labels.job }} on {{ $labels.instance }} for 5 minutes "
                   "while the host answers: the service is stopped or its port is blocked. Run dc-overview "
                   "check."});
  const auto free_ratio = "node_filesystem_avail_bytes{" + fs_filter() + "} / node_filesystem_size_bytes{" +
                          fs_filter() + "} * 100";
  const auto writable = " and node_filesystem_readonly{" + fs_filter() + "} == 0";
  rules.push_back(
      {"DiskAlmostFull", free_ratio + " < " + format_number(t.disk_free_warning_percent) + writable,
       minutes(15), "warning",
       "{{ $labels.mountpoint }} on {{ $labels.instance }} has {{ $value | printf \"%.1f\" }} % free",
       "Less than " + format_number(t.disk_free_warning_percent) + " % free for 15 minutes."});
  rules.push_back(
      {"DiskAlmostFullCritical", free_ratio + " < " + format_number(t.disk_free_critical_percent) + writable,
       minutes(5), "critical",
       "{{ $labels.mountpoint }} on {{ $labels.instance }} has {{ $value | printf \"%.1f\" }} % free",
       "Less than " + format_number(t.disk_free_critical_percent) +
           " % free: writes will fail soon (Docker images, logs, client data)."});
  return rules;
}

std::vector<AlertRule> ipmi_alerts() {
  std::vector<AlertRule> rules;
  rules.push_back({"BmcUnreachable", "ipmi_server_reachable == 0", minutes(5), "warning",
                   "The BMC of {{ $labels.server }} ({{ $labels.bmc }}) is unreachable",
                   "ipmi-monitor has not had an answer from this BMC for 5 minutes (network, credentials or "
                   "a hung BMC); its sensors and events are unknown meanwhile."});
  rules.push_back(
      {"IpmiCriticalEvent", "ipmi_events_critical_24h > 0", minutes(1), "critical",
       "{{ $labels.server }} logged {{ $value }} critical IPMI events in 24 h",
       "The BMC's System Event Log has critical entries (PSU, ECC, fan, thermal trip...). See the "
       "server's page in ipmi-monitor."});
  return rules;
}

}  // namespace

std::vector<RecordingRule> recording_rules(const Fleet& fleet) {
  std::vector<RecordingRule> rules;
  const bool dc = any_worker_runs(fleet, WorkerExporter::kDcExporter);
  const bool gpu = dc || any_worker_runs(fleet, WorkerExporter::kDcgmExporter);
  if (dc) {
    add(rules, "instance:dcm_gpu_vram_temp_celsius:max", "max by (job, instance) (DCGM_FI_DEV_VRAM_TEMP)",
        "job instance", "Hottest VRAM per host (DC Overview).");
    add(rules, "instance:dcm_gpu_hotspot_temp_celsius:max",
        "max by (job, instance) (DCGM_FI_DEV_HOT_SPOT_TEMP)", "job instance",
        "Hottest hotspot per host (DC Overview).");
    add(rules, "instance:dcm_gpus_thermal_throttled:count",
        std::string("sum by (job, instance) (max by (job, instance, gpu) (DCGM_FI_DEV_CLOCKS_THROTTLE_REASON{"
                    "reason=~\"") +
            kThermalThrottleReasons + "\"}))",
        "job instance", "GPUs per host held down by a thermal or hardware slowdown (0 when none).");
    add(rules, "instance:dcm_gpu_aer_errors:increase1h",
        "sum by (job, instance, severity) (increase(GPU_AER_TOTAL_ERRORS[1h]))", "job instance severity",
        "PCIe AER errors per host and severity in the last hour.");
    add(rules, "instance:dcm_gpus_usable:sum", "sum by (job, instance) (dc_exporter_gpu_usable)",
        "job instance", "GPUs per host bound to the nvidia driver.");
  }
  if (gpu) {
    add(rules, "instance:dcm_gpu_power_watts:sum", "sum by (job, instance) (DCGM_FI_DEV_POWER_USAGE)",
        "job instance",
        "GPU board power per host (dcgm-exporter, or dc-exporter with DCGM_FI_DEV_POWER_USAGE on).");
  }
  add(rules, "instance:node_cpu_utilisation:rate5m",
      "1 - avg by (job, instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m]))", "job instance",
      "Busy share of all CPUs, 0 to 1.");
  add(rules, "instance:node_memory_utilisation:ratio",
      "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes", "job instance",
      "Memory in use, 0 to 1.");
  add(rules, "instance:node_network_receive_bytes:rate5m",
      "sum by (job, instance) (rate(node_network_receive_bytes_total{device!=\"lo\"}[5m]))", "job instance",
      "Bytes received per second, all interfaces but loopback.");
  add(rules, "instance:node_network_transmit_bytes:rate5m",
      "sum by (job, instance) (rate(node_network_transmit_bytes_total{device!=\"lo\"}[5m]))", "job instance",
      "Bytes sent per second, all interfaces but loopback.");
  add(rules, "instance:node_filesystem_avail:min_ratio",
      "min by (job, instance) (node_filesystem_avail_bytes{" + fs_filter() +
          "} / node_filesystem_size_bytes{" + fs_filter() + "})",
      "job instance", "Free share of the fullest filesystem per host, 0 to 1.");
  return rules;
}

std::vector<AlertGroup> alert_groups(const Fleet& fleet) {
  std::vector<AlertGroup> groups;
  if (any_worker_runs(fleet, WorkerExporter::kDcExporter)) {
    groups.push_back({"dc-overview-gpus", gpu_alerts(fleet)});
  }
  groups.push_back({"dc-overview-hosts", host_alerts(fleet)});
  if (fleet.ipmi_monitor) {
    groups.push_back({"dc-overview-ipmi", ipmi_alerts()});
  }
  return groups;
}

std::string render_recording_rules(const Fleet& fleet, const RenderContext& context) {
  std::string out = comment_header(context);
  out += "# Recording rules for the dashboards' expensive queries (names: level:metric:operations).\n";
  out += "groups:\n";
  out += "  - name: dc-overview-recording\n";
  out += "    rules:\n";
  for (const auto& rule : recording_rules(fleet)) {
    out += "      # " + rule.comment + "\n";
    out += "      - record: " + rule.record + "\n";
    out += "        expr: " + yaml_quote(rule.expr) + "\n";
  }
  return out;
}

std::string render_alert_rules(const Fleet& fleet, const RenderContext& context) {
  std::string out = comment_header(context);
  out +=
      "# Alerting rules: each holds for its `for:` before it fires and carries severity warning or "
      "critical.\n";
  out += "groups:\n";
  for (const auto& group : alert_groups(fleet)) {
    out += "  - name: " + group.name + "\n";
    out += "    rules:\n";
    for (const auto& rule : group.rules) {
      out += "      - alert: " + rule.name + "\n";
      out += "        expr: " + yaml_quote(rule.expr) + "\n";
      out += "        for: " + format_duration(rule.for_duration.count()) + "\n";
      out += "        labels:\n";
      out += "          severity: " + rule.severity + "\n";
      out += "        annotations:\n";
      out += "          summary: " + yaml_quote(rule.summary) + "\n";
      out += "          description: " + yaml_quote(rule.description) + "\n";
    }
  }
  return out;
}

}  // namespace dcm::overview
