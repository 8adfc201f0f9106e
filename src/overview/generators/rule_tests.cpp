#include "overview/generators/rule_tests.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "overview/generators/rules.hpp"
#include "overview/scrape_jobs.hpp"

namespace dcm::overview {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

std::string series(std::string_view metric, const Labels& labels) {
  std::string out(metric);
  out += '{';
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i != 0) {
      out += ',';
    }
    out += labels[i].first;
    out += "=\"";
    out += labels[i].second;
    out += '"';
  }
  out += '}';
  return out;
}

Labels plus(Labels labels, const Labels& more) {
  labels.insert(labels.end(), more.begin(), more.end());
  return labels;
}

// dc-exporter's per-GPU label set on a worker called worker-a.
Labels gpu_labels(int index, std::string instance = "worker-a") {
  const auto i = std::to_string(index);
  return {{"job", std::string(kJobDcExporter)},
          {"instance", std::move(instance)},
          {"gpu", i},
          {"UUID", "GPU-00000000-0000-4000-8000-00000000000" + i},
          {"pci_bus_id", "00000000:0" + i + ":00.0"},
          {"device", "nvidia" + i},
          {"modelName", "NVIDIA GeForce RTX 4090"},
          {"Hostname", "worker-a"}};
}

ExpectedAlert alert(Labels labels, const std::string& severity, double value = 0) {
  labels.emplace_back("severity", severity);
  return ExpectedAlert{std::move(labels), value};
}

double between(double low, double high) {
  return (low + high) / 2;
}

// A case where one series crosses `threshold`-style conditions and a second never does.
AlertTestCase simple(std::string alert_name, std::string name, std::vector<SeriesInput> input,
                     long long quiet, long long firing, std::vector<ExpectedAlert> fired) {
  return AlertTestCase{std::move(alert_name),
                       std::move(name),
                       std::move(input),
                       {ExpectedAlerts{quiet, {}}, ExpectedAlerts{firing, std::move(fired)}}};
}

void gpu_cases(const Fleet& fleet, std::vector<AlertTestCase>& cases) {
  const auto& t = fleet.alerts;
  const double vram_mid = between(t.vram_warning_celsius, t.vram_critical_celsius);
  const auto vram_low = format_number(t.vram_warning_celsius - 5);
  cases.push_back(simple("GpuVramTemperatureHigh", "VRAM above the warning threshold for 5 minutes fires",
                         {{series("DCGM_FI_DEV_VRAM_TEMP", gpu_labels(0)), format_number(vram_mid) + "x15"},
                          {series("DCGM_FI_DEV_VRAM_TEMP", gpu_labels(1)), vram_low + "x15"}},
                         4, 6, {alert(gpu_labels(0), "warning", vram_mid)}));
  cases.push_back(simple(
      "GpuVramTemperatureCritical", "VRAM above the critical threshold for 2 minutes fires",
      {{series("DCGM_FI_DEV_VRAM_TEMP", gpu_labels(0)), format_number(t.vram_critical_celsius + 1) + "x15"},
       {series("DCGM_FI_DEV_VRAM_TEMP", gpu_labels(1)), format_number(vram_mid) + "x15"}},
      1, 3, {alert(gpu_labels(0), "critical", t.vram_critical_celsius + 1)}));
  const double hot_mid = between(t.hotspot_warning_celsius, t.hotspot_critical_celsius);
  const auto hot_low = format_number(t.hotspot_warning_celsius - 5);
  cases.push_back(
      simple("GpuHotspotTemperatureHigh", "a hotspot above the warning threshold for 5 minutes fires",
             {{series("DCGM_FI_DEV_HOT_SPOT_TEMP", gpu_labels(0)), format_number(hot_mid) + "x15"},
              {series("DCGM_FI_DEV_HOT_SPOT_TEMP", gpu_labels(1)), hot_low + "x15"}},
             4, 6, {alert(gpu_labels(0), "warning", hot_mid)}));
  cases.push_back(
      simple("GpuHotspotTemperatureCritical", "a hotspot above the critical threshold for 2 minutes fires",
             {{series("DCGM_FI_DEV_HOT_SPOT_TEMP", gpu_labels(0)),
               format_number(t.hotspot_critical_celsius + 1) + "x15"},
              {series("DCGM_FI_DEV_HOT_SPOT_TEMP", gpu_labels(1)), format_number(hot_mid) + "x15"}},
             1, 3, {alert(gpu_labels(0), "critical", t.hotspot_critical_celsius + 1)}));
  cases.push_back(simple("GpuFanFailed", "a fan at 0 % on a hot GPU fires; on a cool GPU (zero-RPM idle) not",
                         {{series("DCGM_FI_DEV_FAN_SPEED", gpu_labels(0)), "0x10"},
                          {series("DCGM_FI_DEV_HOT_SPOT_TEMP", gpu_labels(0)), "80x10"},
                          {series("DCGM_FI_DEV_VRAM_TEMP", gpu_labels(0)), "76x10"},
                          {series("DCGM_FI_DEV_FAN_SPEED", gpu_labels(1)), "0x10"},
                          {series("DCGM_FI_DEV_HOT_SPOT_TEMP", gpu_labels(1)), "45x10"},
                          {series("DCGM_FI_DEV_VRAM_TEMP", gpu_labels(1)), "44x10"}},
                         1, 3, {alert(gpu_labels(0), "critical")}));
  cases.push_back(simple(
      "GpuFanStuck", "a fan that stays put while VRAM heats by more than 10 °C fires; a steady GPU does not",
      {{series("DCGM_FI_DEV_FAN_SPEED", gpu_labels(0)), "60x40"},
       {series("DCGM_FI_DEV_VRAM_TEMP", gpu_labels(0)), "40+1x40"},
       {series("DCGM_FI_DEV_FAN_SPEED", gpu_labels(1)), "60x40"},
       {series("DCGM_FI_DEV_VRAM_TEMP", gpu_labels(1)), "60x40"}},
      14, 17, {alert(gpu_labels(0), "warning")}));
  cases.push_back(simple(
      "GpuThermalThrottling", "a thermal slowdown for 5 minutes fires; a power cap does not",
      {{series("DCGM_FI_DEV_CLOCKS_THROTTLE_REASON", plus(gpu_labels(0), {{"reason", "HwThermalSlowdown"}})),
        "1x10"},
       {series("DCGM_FI_DEV_CLOCKS_THROTTLE_REASON", plus(gpu_labels(1), {{"reason", "SwPowerCap"}})),
        "1x10"},
       {series("DCGM_FI_DEV_CLOCKS_THROTTLE_REASON", plus(gpu_labels(1), {{"reason", "HwThermalSlowdown"}})),
        "0x10"}},
      4, 6, {alert(plus(gpu_labels(0), {{"reason", "HwThermalSlowdown"}}), "warning")}));
  cases.push_back(
      simple("GpuPcieAerUncorrectable", "a new non-fatal AER error fires; correctable ones do not",
             {{series("GPU_AER_TOTAL_ERRORS", plus(gpu_labels(0), {{"severity", "nonfatal"}})), "0 0 0 1x12"},
              {series("GPU_AER_TOTAL_ERRORS", plus(gpu_labels(1), {{"severity", "nonfatal"}})), "0x15"},
              {series("GPU_AER_TOTAL_ERRORS", plus(gpu_labels(1), {{"severity", "correctable"}})), "0+3x15"}},
             2, 6, {alert(gpu_labels(0), "critical")}));
  cases.push_back(simple(
      "GpuPcieAerCorrectableRising", "ten correctable AER errors within an hour fire; a handful do not",
      {{series("GPU_AER_TOTAL_ERRORS", plus(gpu_labels(0), {{"severity", "correctable"}})), "0+1x40"},
       {series("GPU_AER_TOTAL_ERRORS", plus(gpu_labels(1), {{"severity", "correctable"}})),
        "0 0 1 2 3 4x36"}},
      8, 25, {alert(gpu_labels(0), "warning")}));
  const Labels host_a = {{"job", std::string(kJobDcExporter)}, {"instance", "worker-a"}};
  const Labels host_b = {{"job", std::string(kJobDcExporter)}, {"instance", "worker-b"}};
  cases.push_back(simple("GpuMissing", "a GPU count that drops below the day's maximum fires",
                         {{series("dc_exporter_gpu_count", host_a), "8x5 7x15"},
                          {series("dc_exporter_gpu_count", host_b), "8x20"}},
                         9, 12, {alert(host_a, "critical", 7)}));
  const Labels nvml_a = plus(host_a, {{"collector", "nvml"}, {"pci_bus_id", "00000000:41:00.0"}});
  const Labels nvml_b = plus(host_b, {{"collector", "nvml"}, {"pci_bus_id", "00000000:41:00.0"}});
  cases.push_back(simple("GpuReadErrors", "read errors that keep coming for 10 minutes fire",
                         {{series("dc_exporter_gpu_errors_total", nvml_a), "0x3 1+1x20"},
                          {series("dc_exporter_gpu_errors_total", nvml_b), "0x25"}},
                         12, 16, {alert(nvml_a, "warning")}));
  const Labels collector_a = plus(host_a, {{"collector", "nvml"}});
  const Labels collector_b = plus(host_a, {{"collector", "pcie_bar"}});
  cases.push_back(simple("DcExporterCollectorFailing", "a collector failing for 10 minutes fires",
                         {{series("dc_exporter_collector_success", collector_a), "1x3 0x15"},
                          {series("dc_exporter_collector_success", collector_b), "1x20"}},
                         12, 15, {alert(collector_a, "warning")}));
}

void host_cases(const Fleet& fleet, std::vector<AlertTestCase>& cases) {
  const auto& t = fleet.alerts;
  // worker-a: every exporter down (the host is down); worker-b: node_exporter answers, dc-exporter not.
  auto up = [](std::string_view job, std::string_view instance) {
    return series("up", {{"job", std::string(job)}, {"instance", std::string(instance)}});
  };
  std::vector<SeriesInput> ups = {{up(kJobNode, "worker-a"), "0x10"},
                                  {up(kJobDcExporter, "worker-a"), "0x10"},
                                  {up(kJobNode, "worker-b"), "1x10"},
                                  {up(kJobDcExporter, "worker-b"), "0x10"},
                                  {up(kJobNode, "worker-c"), "1x10"}};
  if (!has_job(fleet, kJobDcExporter)) {
    // Without dc-exporter the host jobs are node (and dcgm-exporter): take dcgm's name for the second job.
    for (auto& input : ups) {
      auto pos = input.series.find(kJobDcExporter);
      if (pos != std::string::npos) {
        input.series.replace(pos, kJobDcExporter.size(), kJobDcgmExporter);
      }
    }
  }
  const std::string second_job(has_job(fleet, kJobDcExporter) ? kJobDcExporter : kJobDcgmExporter);
  const bool two_host_jobs = host_jobs_regex(fleet).find('|') != std::string::npos;
  cases.push_back(simple("NodeDown",
                         "a host whose exporters all stop answering fires; one exporter down does not", ups,
                         2, 4, {alert({{"instance", "worker-a"}}, "critical")}));
  if (two_host_jobs) {
    cases.push_back(simple("ExporterDown",
                           "an exporter down on a host that answers fires; a host that is down is NodeDown's",
                           ups, 4, 6, {alert({{"job", second_job}, {"instance", "worker-b"}}, "warning")}));
  } else {
    cases.push_back(
        simple("ExporterDown", "an exporter that stops answering fires (the master's ipmi-monitor)",
               {{up(kJobIpmiMonitor, "master"), "0x10"}, {up(kJobNode, "master"), "1x10"}}, 4, 6,
               {alert({{"job", std::string(kJobIpmiMonitor)}, {"instance", "master"}}, "warning")}));
  }

  const Labels root = {{"device", "/dev/sda2"},
                       {"fstype", "ext4"},
                       {"mountpoint", "/"},
                       {"job", std::string(kJobNode)},
                       {"instance", "worker-a"}};
  const Labels shm = {{"device", "tmpfs"},
                      {"fstype", "tmpfs"},
                      {"mountpoint", "/dev/shm"},
                      {"job", std::string(kJobNode)},
                      {"instance", "worker-a"}};
  const double size = 1e12;
  auto avail = [size](double percent) { return format_number(size * percent / 100); };
  std::vector<SeriesInput> disks = {
      {series("node_filesystem_size_bytes", root), format_number(size) + "x20"},
      {series("node_filesystem_readonly", root), "0x20"},
      {series("node_filesystem_size_bytes", shm), "1000x20"},
      {series("node_filesystem_avail_bytes", shm), "1x20"},
      {series("node_filesystem_readonly", shm), "0x20"},
  };
  auto warning_disks = disks;
  const double warning_free = (t.disk_free_warning_percent + t.disk_free_critical_percent) / 2;
  warning_disks.push_back({series("node_filesystem_avail_bytes", root), avail(warning_free) + "x20"});
  cases.push_back(simple("DiskAlmostFull",
                         "a real filesystem below the free-space threshold fires; tmpfs does not",
                         warning_disks, 14, 16, {alert(root, "warning", warning_free)}));
  auto critical_disks = disks;
  const double critical_free = t.disk_free_critical_percent / 2;
  critical_disks.push_back({series("node_filesystem_avail_bytes", root), avail(critical_free) + "x20"});
  cases.push_back(simple("DiskAlmostFullCritical", "a real filesystem below the critical threshold fires",
                         critical_disks, 4, 6, {alert(root, "critical", critical_free)}));
}

void ipmi_cases(std::vector<AlertTestCase>& cases) {
  const Labels a = {{"job", std::string(kJobIpmiMonitor)},
                    {"instance", "master"},
                    {"server", "worker-a"},
                    {"bmc", "10.0.1.11"}};
  const Labels b = {{"job", std::string(kJobIpmiMonitor)},
                    {"instance", "master"},
                    {"server", "worker-b"},
                    {"bmc", "10.0.1.12"}};
  cases.push_back(
      simple("BmcUnreachable", "a BMC unreachable for 5 minutes fires",
             {{series("ipmi_server_reachable", a), "0x10"}, {series("ipmi_server_reachable", b), "1x10"}}, 4,
             6, {alert(a, "warning")}));
  cases.push_back(simple(
      "IpmiCriticalEvent", "a critical SEL event in the last 24 h fires",
      {{series("ipmi_events_critical_24h", a), "0 0 2x10"}, {series("ipmi_events_critical_24h", b), "0x12"}},
      2, 4, {alert(a, "critical", 2)}));
}

void write_labels(std::string& out, const Labels& labels, const std::string& indent) {
  auto sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [name, value] : sorted) {
    out += indent + name + ": " + yaml_quote(value) + "\n";
  }
}

}  // namespace

std::string expand_annotation(const std::string& text, const Labels& labels, double value) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto open = text.find("{{", pos);
    if (open == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    out += text.substr(pos, open - pos);
    auto close = text.find("}}", open);
    if (close == std::string::npos) {
      throw std::logic_error("unterminated {{ in annotation: " + text);
    }
    std::string action = text.substr(open + 2, close - open - 2);
    while (!action.empty() && action.front() == ' ') {
      action.erase(0, 1);
    }
    while (!action.empty() && action.back() == ' ') {
      action.pop_back();
    }
    if (action == "$value") {
      out += format_number(value);
    } else if (action == "$value | printf \"%.1f\"") {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.1f", value);
      out += buffer;
    } else if (action.starts_with("$labels.")) {
      auto name = action.substr(8);
      auto found =
          std::find_if(labels.begin(), labels.end(), [&name](const auto& l) { return l.first == name; });
      out += found == labels.end() ? "<no value>" : found->second;
    } else {
      throw std::logic_error("annotation template '" + action + "' is not one the tests can expand");
    }
    pos = close + 2;
  }
  return out;
}

std::vector<AlertTestCase> alert_test_cases(const Fleet& fleet) {
  std::vector<AlertTestCase> cases;
  for (const auto& group : alert_groups(fleet)) {
    if (group.name == "dc-overview-gpus") {
      gpu_cases(fleet, cases);
    } else if (group.name == "dc-overview-hosts") {
      host_cases(fleet, cases);
    } else if (group.name == "dc-overview-ipmi") {
      ipmi_cases(cases);
    }
  }
  return cases;
}

std::string render_alert_tests(const Fleet& fleet, const RenderContext& context) {
  std::map<std::string, AlertRule> rules;
  for (const auto& group : alert_groups(fleet)) {
    for (const auto& rule : group.rules) {
      rules.emplace(rule.name, rule);
    }
  }
  std::string out = comment_header(context);
  out += "# Unit tests for ../alerts.yml: run `promtool test rules alerts_test.yml` in this directory.\n";
  out += "# Every alert has a case: quiet before its `for:` has passed, firing after, and series that must\n";
  out += "# never fire it.\n";
  out += "rule_files:\n";
  out += "  - ../alerts.yml\n";
  out += "evaluation_interval: 1m\n";
  out += "tests:\n";
  for (const auto& test : alert_test_cases(fleet)) {
    out += "  - name: " + yaml_quote(test.alert + ": " + test.name) + "\n";
    out += "    interval: 1m\n";
    out += "    input_series:\n";
    for (const auto& input : test.series) {
      out += "      - series: " + yaml_quote(input.series) + "\n";
      out += "        values: " + yaml_quote(input.values) + "\n";
    }
    out += "    alert_rule_test:\n";
    for (const auto& check : test.checks) {
      out += "      - eval_time: " + std::to_string(check.eval_minutes) + "m\n";
      out += "        alertname: " + test.alert + "\n";
      if (check.alerts.empty()) {
        out += "        exp_alerts: []\n";
        continue;
      }
      out += "        exp_alerts:\n";
      const auto& rule = rules.at(test.alert);
      for (const auto& expected : check.alerts) {
        out += "          - exp_labels:\n";
        write_labels(out, expected.labels, "              ");
        // $labels in annotations are the series' labels: the rule's severity is not among them.
        Labels series_labels;
        for (const auto& label : expected.labels) {
          if (label.first != "severity") {
            series_labels.push_back(label);
          }
        }
        out += "            exp_annotations:\n";
        out += "              summary: " +
               yaml_quote(expand_annotation(rule.summary, series_labels, expected.value)) + "\n";
        out += "              description: " +
               yaml_quote(expand_annotation(rule.description, series_labels, expected.value)) + "\n";
      }
    }
  }
  return out;
}

}  // namespace dcm::overview
