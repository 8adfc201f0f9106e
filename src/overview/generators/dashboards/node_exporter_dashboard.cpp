// Node Exporter: CPU, memory, load, disk space and I/O, network of the master and the workers.
#include "overview/generators/dashboards/dashboards.hpp"
#include "overview/generators/rules.hpp"
#include "overview/scrape_jobs.hpp"

namespace dcm::overview {

Json node_exporter_dashboard(const Fleet& fleet, const RenderContext& context) {
  const auto& t = fleet.alerts;
  const std::string sel = kJobInstance;
  const std::string fs = sel + ", fstype!~\"" + kIgnoredFsTypes + "\"";
  const auto busy = rising(0.8, 0.95);

  Dashboard d("dcm-node-exporter", "Node Exporter",
              "CPU, memory, disk and network of the hosts of site " + fleet.site + ".", "node");
  d.variable(job_variable(std::string(kJobNode)));
  d.variable(instance_variable());

  d.row("Hosts");
  auto hosts = table_panel("Hosts now", "CPU and memory in use and the fullest filesystem's free share.",
                           {"instance:node_cpu_utilisation:rate5m{" + sel + "}",
                            "instance:node_memory_utilisation:ratio{" + sel + "}",
                            "instance:node_filesystem_avail:min_ratio{" + sel + "}"});
  hosts.unit = "percentunit";
  hosts.width = 24;
  hosts.hidden_columns = {"job"};
  d.panel(hosts);
  auto uptime = stat_panel("Uptime", "Time since each host booted.",
                           "time() - node_boot_time_seconds{" + sel + "}", "s");
  uptime.width = 24;
  d.panel(uptime);

  d.row("CPU and memory");
  auto cpu = timeseries_panel("CPU busy", "Share of all CPUs not idle, over 5 minutes.",
                              {{"instance:node_cpu_utilisation:rate5m{" + sel + "}", "{{instance}}"}},
                              "percentunit", busy);
  cpu.min = 0;
  cpu.max = 1;
  d.panel(cpu);
  auto modes = timeseries_panel("CPU by mode", "CPUs busy in each mode (1 = one whole CPU).",
                                {{"sum by (instance, mode) (rate(node_cpu_seconds_total{" + sel +
                                      ", mode!=\"idle\"}[$__rate_interval]))",
                                  "{{instance}} {{mode}}"}},
                                "short");
  modes.stacked = true;
  d.panel(modes);
  auto memory = timeseries_panel("Memory used", "Memory in use (MemTotal - MemAvailable).",
                                 {{"instance:node_memory_utilisation:ratio{" + sel + "}", "{{instance}}"}},
                                 "percentunit", busy);
  memory.min = 0;
  memory.max = 1;
  d.panel(memory);
  d.panel(timeseries_panel("Load average", "Run-queue length over 1, 5 and 15 minutes.",
                           {{"node_load1{" + sel + "}", "{{instance}} 1m"},
                            {"node_load5{" + sel + "}", "{{instance}} 5m"},
                            {"node_load15{" + sel + "}", "{{instance}} 15m"}},
                           "short"));

  d.row("Disk");
  auto space = timeseries_panel(
      "Filesystem free", "Free share of each real filesystem (memory-backed and image filesystems left out).",
      {{"node_filesystem_avail_bytes{" + fs + "} / node_filesystem_size_bytes{" + fs + "}",
        "{{instance}} {{mountpoint}}"}},
      "percentunit", falling(t.disk_free_critical_percent / 100, t.disk_free_warning_percent / 100));
  space.min = 0;
  space.max = 1;
  d.panel(space);
  d.panel(timeseries_panel(
      "Disk I/O", "Bytes read (positive) and written (negative) per second, all disks of a host.",
      {{"sum by (instance) (rate(node_disk_read_bytes_total{" + sel + "}[$__rate_interval]))",
        "{{instance}} read"},
       {"-sum by (instance) (rate(node_disk_written_bytes_total{" + sel + "}[$__rate_interval]))",
        "{{instance}} written"}},
      "Bps"));

  d.row("Network");
  d.panel(timeseries_panel("Network received", "Bytes received per second, all interfaces but loopback.",
                           {{"instance:node_network_receive_bytes:rate5m{" + sel + "}", "{{instance}}"}},
                           "Bps"));
  d.panel(timeseries_panel("Network sent", "Bytes sent per second, all interfaces but loopback.",
                           {{"instance:node_network_transmit_bytes:rate5m{" + sel + "}", "{{instance}}"}},
                           "Bps"));
  return d.build(context);
}

}  // namespace dcm::overview
