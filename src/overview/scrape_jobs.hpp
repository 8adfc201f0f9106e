// The scrape jobs of a fleet: what prometheus.yml lists, what the rules and dashboards select on, and what
// `dc-overview check` probes. One list, so the three never disagree about a job name (the seed's classic
// mistake: alerts on `up{job="node"}` when no job has that name).
//
// One job per kind of exporter, each target labelled with its host as `instance`. The seed's layout (one
// job per host, its three targets all labelled with the host name) gives three targets the same label set,
// so their `up` series collide and `up{job="node"}` means nothing.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "overview/inventory.hpp"

namespace dcm::overview {

inline constexpr std::string_view kJobPrometheus = "prometheus";
inline constexpr std::string_view kJobNode = "node";
inline constexpr std::string_view kJobDcExporter = "dc-exporter";
inline constexpr std::string_view kJobDcgmExporter = "dcgm-exporter";
inline constexpr std::string_view kJobIpmiMonitor = "ipmi-monitor";
inline constexpr std::string_view kJobVastai = "vastai";
inline constexpr std::string_view kJobWatchdog = "dc-watchdog";
inline constexpr std::string_view kJobCadvisor = "cadvisor";

struct ScrapeTarget {
  std::string address;        // as Prometheus dials it: "10.0.0.11:9500", "vastai-exporter:8622"
  std::string instance;       // the instance label
  std::string probe_address;  // as `dc-overview check` dials it when run on the master
};

struct ScrapeJob {
  std::string name;
  std::chrono::seconds interval{0};  // 0: the global scrape_interval
  std::string scheme = "http";
  std::string metrics_path = "/metrics";
  std::string comment;  // written above the job in prometheus.yml
  std::vector<ScrapeTarget> targets;
};

std::vector<ScrapeJob> scrape_jobs(const Fleet& fleet);
bool has_job(const Fleet& fleet, std::string_view job);

// The GPU exporters' job names present in this fleet, as a PromQL regex alternative ("dc-exporter|...").
std::string gpu_jobs_regex(const Fleet& fleet);
// Jobs whose targets run on a host's own address (node, dc-exporter, dcgm-exporter): all down = host down.
std::string host_jobs_regex(const Fleet& fleet);

}  // namespace dcm::overview
