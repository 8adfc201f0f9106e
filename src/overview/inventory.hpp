// fleet.yaml: the one description of a site from which dc-overview renders everything else. Parsing is
// strict: unknown keys, duplicate keys, duplicate names, two services on one address and port, and settings
// that contradict each other are errors that read "fleet.yaml:LINE: path: reason" (core/config/yaml_reader).
// The schema is documented in docs/overview/fleet-reference.md and shown by deploy/examples/fleet.yaml.
#pragma once

#include <array>
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dcm::overview {

enum class TlsMode { kSelfSigned, kLetsEncrypt, kTraefik, kNone };
enum class GpuVendor { kNvidia, kAmd, kNone };
// Where Prometheus runs on the master: in Docker (the seed's compose file) or as a host service.
enum class PrometheusRuntime { kDocker, kHost };

// What a GPU worker can run, in the order units and scrape jobs are written.
enum class WorkerExporter { kNodeExporter = 0, kDcgmExporter = 1, kDcExporter = 2 };
inline constexpr std::array<WorkerExporter, 3> kAllWorkerExporters = {
    WorkerExporter::kNodeExporter, WorkerExporter::kDcgmExporter, WorkerExporter::kDcExporter};

std::string_view to_string(TlsMode mode);                // "self-signed", "letsencrypt", "traefik", "none"
std::string_view to_string(GpuVendor vendor);            // "nvidia", "amd", "none"
std::string_view to_string(PrometheusRuntime run);       // "docker", "host"
std::string_view exporter_key(WorkerExporter exporter);  // fleet.yaml spelling: "node_exporter", ...
int default_port(WorkerExporter exporter);               // the seed's ports: 9100, 9400, 9500

struct Worker {
  std::string name;
  std::string ip;
  GpuVendor gpu_vendor = GpuVendor::kNvidia;
  std::array<bool, 3> runs{};   // indexed by WorkerExporter
  std::array<int, 3> ports{};   // indexed by WorkerExporter; meaningful where runs[] is true
  bool watchdog_agent = false;  // install the dc-watchdog agent (needs watchdog.url)

  bool has(WorkerExporter exporter) const { return runs[static_cast<std::size_t>(exporter)]; }
  int port(WorkerExporter exporter) const { return ports[static_cast<std::size_t>(exporter)]; }
};

struct Master {
  std::string name = "master";  // its instance label
  std::string ip;               // the address Prometheus (in Docker) uses for services on the host
  int node_exporter_port = 9100;
};

// Alert thresholds; the dashboards colour the same values.
struct AlertThresholds {
  double vram_warning_celsius = 95;
  double vram_critical_celsius = 105;
  double hotspot_warning_celsius = 95;
  double hotspot_critical_celsius = 105;
  double disk_free_warning_percent = 10;
  double disk_free_critical_percent = 5;
};

struct Fleet {
  std::string site;
  Master master;
  std::string grafana_domain;  // empty: served on the master's address
  std::string ipmi_domain;     // empty: ipmi-monitor is served under /ipmi/ of the Grafana site
  TlsMode tls_mode = TlsMode::kSelfSigned;
  std::string acme_email;     // letsencrypt and traefik only
  std::string internal_cidr;  // who may reach the master's exporters (ufw); empty: the firewall script asks
  std::string docker_cidr = "172.16.0.0/12";  // Docker's bridge networks: the Prometheus container's source

  PrometheusRuntime prometheus_runtime = PrometheusRuntime::kDocker;
  int prometheus_port = 9090;
  std::chrono::seconds scrape_interval{15};
  std::chrono::seconds slow_scrape_interval{60};  // ipmi-monitor and vastai (the seed's 60 s)
  std::string retention = "30d";
  int grafana_port = 3000;

  bool ipmi_monitor = true;
  int ipmi_monitor_port = 5000;
  bool vastai = false;
  int vastai_port = 8622;
  std::string watchdog_url;  // empty: no watchdog
  bool watchdog_scrape = true;
  bool cadvisor = false;
  int cadvisor_port = 8080;
  bool watchtower = false;

  AlertThresholds alerts;
  std::vector<Worker> workers;
};

// Throws core::config::ConfigError ("file:line: path: reason") on the first problem found.
Fleet parse_fleet(std::string_view text, const std::string& file_name);
Fleet load_fleet(const std::filesystem::path& path);

// "10.0.0.1:9100", "[fd00::1]:9100".
std::string host_port(const std::string& ip, int port);
bool is_loopback_address(std::string_view ip);

}  // namespace dcm::overview
