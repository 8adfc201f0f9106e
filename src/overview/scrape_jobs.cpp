#include "overview/scrape_jobs.hpp"

#include <algorithm>

#include "overview/http_url.hpp"

namespace dcm::overview {
namespace {

// Inside the Docker network a container is reached by its name; a Prometheus on the host reaches the
// port the compose file publishes on 127.0.0.1.
ScrapeTarget container_target(const Fleet& fleet, std::string_view container, int container_port,
                              int published_port, std::string instance) {
  ScrapeTarget target;
  target.probe_address = host_port("127.0.0.1", published_port);
  target.address = fleet.prometheus_runtime == PrometheusRuntime::kDocker
                       ? std::string(container) + ":" + std::to_string(container_port)
                       : target.probe_address;
  target.instance = std::move(instance);
  return target;
}

ScrapeTarget host_target(const std::string& ip, int port, std::string instance) {
  auto address = host_port(ip, port);
  return ScrapeTarget{address, std::move(instance), address};
}

void add_worker_job(const Fleet& fleet, std::vector<ScrapeJob>& jobs, std::string_view name,
                    WorkerExporter exporter, std::string comment) {
  ScrapeJob job;
  job.name = std::string(name);
  job.comment = std::move(comment);
  for (const auto& worker : fleet.workers) {
    if (worker.has(exporter)) {
      job.targets.push_back(host_target(worker.ip, worker.port(exporter), worker.name));
    }
  }
  if (!job.targets.empty()) {
    jobs.push_back(std::move(job));
  }
}

}  // namespace

std::vector<ScrapeJob> scrape_jobs(const Fleet& fleet) {
  std::vector<ScrapeJob> jobs;

  ScrapeJob self;
  self.name = std::string(kJobPrometheus);
  if (fleet.prometheus_runtime == PrometheusRuntime::kDocker) {
    self.comment = "Prometheus itself: inside its own container, localhost is Prometheus.";
    self.targets.push_back(
        {"localhost:9090", fleet.master.name, host_port("127.0.0.1", fleet.prometheus_port)});
  } else {
    self.comment = "Prometheus itself (a service on the master).";
    auto address = host_port("127.0.0.1", fleet.prometheus_port);
    self.targets.push_back({address, fleet.master.name, address});
  }
  jobs.push_back(std::move(self));

  ScrapeJob node;
  node.name = std::string(kJobNode);
  node.comment =
      "node_exporter: CPU, memory, disk, network of the master and the workers (host address, "
      "never localhost).";
  node.targets.push_back(host_target(fleet.master.ip, fleet.master.node_exporter_port, fleet.master.name));
  for (const auto& worker : fleet.workers) {
    if (worker.has(WorkerExporter::kNodeExporter)) {
      node.targets.push_back(host_target(worker.ip, worker.port(WorkerExporter::kNodeExporter), worker.name));
    }
  }
  jobs.push_back(std::move(node));

  add_worker_job(fleet, jobs, kJobDcExporter, WorkerExporter::kDcExporter,
                 "dc-exporter: VRAM and hotspot temperatures, fans, throttling, PCIe AER of each GPU.");
  add_worker_job(fleet, jobs, kJobDcgmExporter, WorkerExporter::kDcgmExporter,
                 "dcgm-exporter: NVIDIA DCGM utilisation, memory, power, clocks.");

  if (fleet.ipmi_monitor) {
    ScrapeJob ipmi;
    ipmi.name = std::string(kJobIpmiMonitor);
    ipmi.interval = fleet.slow_scrape_interval;
    ipmi.comment = "ipmi-monitor: BMC reachability, power, sensors and SEL events (a service on the master).";
    ipmi.targets.push_back(host_target(fleet.master.ip, fleet.ipmi_monitor_port, fleet.master.name));
    jobs.push_back(std::move(ipmi));
  }
  if (fleet.vastai) {
    ScrapeJob vastai;
    vastai.name = std::string(kJobVastai);
    vastai.interval = fleet.slow_scrape_interval;
    vastai.comment =
        "vastai-exporter: Vast.ai earnings, reliability and rentals (a container beside "
        "Prometheus).";
    vastai.targets.push_back(container_target(fleet, "vastai-exporter", 8622, fleet.vastai_port, "vastai"));
    jobs.push_back(std::move(vastai));
  }
  if (fleet.cadvisor) {
    ScrapeJob cadvisor;
    cadvisor.name = std::string(kJobCadvisor);
    cadvisor.comment = "cAdvisor: container metrics of the master (a container beside Prometheus).";
    cadvisor.targets.push_back(
        container_target(fleet, "cadvisor", 8080, fleet.cadvisor_port, fleet.master.name));
    jobs.push_back(std::move(cadvisor));
  }
  if (!fleet.watchdog_url.empty() && fleet.watchdog_scrape) {
    auto url = split_http_url(fleet.watchdog_url);
    ScrapeJob watchdog;
    watchdog.name = std::string(kJobWatchdog);
    watchdog.scheme = url->scheme;
    watchdog.metrics_path = url->path + "/metrics";
    watchdog.comment = "dc-watchdog: the offsite watchdog's view of the agents.";
    auto host = url->host_port;
    if (auto colon = host.rfind(':'); colon != std::string::npos && host.back() != ']') {
      host = host.substr(0, colon);
    }
    watchdog.targets.push_back({url->host_port, host, url->host_port});
    jobs.push_back(std::move(watchdog));
  }
  return jobs;
}

bool has_job(const Fleet& fleet, std::string_view job) {
  auto jobs = scrape_jobs(fleet);
  return std::any_of(jobs.begin(), jobs.end(), [job](const ScrapeJob& j) { return j.name == job; });
}

namespace {
std::string join_present(const Fleet& fleet, std::initializer_list<std::string_view> names) {
  std::string out;
  for (auto name : names) {
    if (has_job(fleet, name)) {
      out += out.empty() ? "" : "|";
      out += name;
    }
  }
  return out;
}
}  // namespace

std::string gpu_jobs_regex(const Fleet& fleet) {
  return join_present(fleet, {kJobDcExporter, kJobDcgmExporter});
}

std::string host_jobs_regex(const Fleet& fleet) {
  return join_present(fleet, {kJobNode, kJobDcExporter, kJobDcgmExporter});
}

}  // namespace dcm::overview
