#include "overview/inventory.hpp"

#include <algorithm>
#include <map>

#include "core/config/config_error.hpp"
#include "core/config/yaml_reader.hpp"
#include "overview/fleet_values.hpp"
#include "overview/http_url.hpp"

namespace dcm::overview {
namespace {

using core::config::YamlNode;
using namespace fleet_values;

// Every service the fleet places on an address and port, so that two of them never share one.
class PortClaims {
 public:
  void claim(const std::string& ip, int port, std::string owner, const YamlNode& blame) {
    auto key = host_port(ip, port);
    auto [it, inserted] = owners_.emplace(key, owner);
    if (!inserted) {
      blame.fail(key + " (" + owner + ") is already used by " + it->second);
    }
  }

 private:
  std::map<std::string, std::string> owners_;
};

void parse_master(const YamlNode& node, Fleet& fleet) {
  check_section(node, {"name", "ip", "node_exporter_port"});
  if (auto name = node.get("name"); name.defined()) {
    fleet.master.name = parse_name(name);
  }
  fleet.master.ip = parse_ip(node.require("ip"), fleet.prometheus_runtime);
  if (auto port = node.get("node_exporter_port"); port.defined()) {
    fleet.master.node_exporter_port = parse_port(port);
  }
}

void parse_prometheus(const YamlNode& node, Fleet& fleet) {
  check_section(node, {"runs_in", "port", "scrape_interval", "slow_scrape_interval", "retention"});
  if (auto runs_in = node.get("runs_in"); runs_in.defined()) {
    fleet.prometheus_runtime = parse_choice<PrometheusRuntime>(
        runs_in, {{"docker", PrometheusRuntime::kDocker}, {"host", PrometheusRuntime::kHost}});
  }
  if (auto port = node.get("port"); port.defined()) {
    fleet.prometheus_port = parse_port(port);
  }
  if (auto interval = node.get("scrape_interval"); interval.defined()) {
    fleet.scrape_interval = parse_interval(interval);
  }
  if (auto interval = node.get("slow_scrape_interval"); interval.defined()) {
    fleet.slow_scrape_interval = parse_interval(interval);
  }
  if (auto retention = node.get("retention"); retention.defined()) {
    fleet.retention = parse_retention(retention);
  }
}

void parse_alerts(const YamlNode& node, AlertThresholds& alerts) {
  check_section(node,
                {"vram_warning_celsius", "vram_critical_celsius", "hotspot_warning_celsius",
                 "hotspot_critical_celsius", "disk_free_warning_percent", "disk_free_critical_percent"});
  auto set = [&node](std::string_view key, double& target, double min, double max) {
    if (auto value = node.get(key); value.defined()) {
      target = parse_number(value, min, max);
    }
  };
  set("vram_warning_celsius", alerts.vram_warning_celsius, 30, 150);
  set("vram_critical_celsius", alerts.vram_critical_celsius, 30, 150);
  set("hotspot_warning_celsius", alerts.hotspot_warning_celsius, 30, 150);
  set("hotspot_critical_celsius", alerts.hotspot_critical_celsius, 30, 150);
  set("disk_free_warning_percent", alerts.disk_free_warning_percent, 0.1, 90);
  set("disk_free_critical_percent", alerts.disk_free_critical_percent, 0.1, 90);
  auto blame = [&node](std::string_view a, std::string_view b) {
    auto second = node.get(b);
    return second.defined() ? second : node.get(a).defined() ? node.get(a) : node;
  };
  if (alerts.vram_warning_celsius >= alerts.vram_critical_celsius) {
    blame("vram_warning_celsius", "vram_critical_celsius")
        .fail("vram_critical_celsius must be above vram_warning_celsius");
  }
  if (alerts.hotspot_warning_celsius >= alerts.hotspot_critical_celsius) {
    blame("hotspot_warning_celsius", "hotspot_critical_celsius")
        .fail("hotspot_critical_celsius must be above hotspot_warning_celsius");
  }
  if (alerts.disk_free_warning_percent <= alerts.disk_free_critical_percent) {
    blame("disk_free_warning_percent", "disk_free_critical_percent")
        .fail("disk_free_critical_percent must be below disk_free_warning_percent");
  }
}

Worker parse_worker(const YamlNode& node, const Fleet& fleet) {
  check_section(node, {"name", "ip", "gpu_vendor", "exporters", "ports", "watchdog_agent"});
  Worker worker;
  worker.name = parse_name(node.require("name"));
  worker.ip = parse_ip(node.require("ip"), fleet.prometheus_runtime);
  if (auto vendor = node.get("gpu_vendor"); vendor.defined()) {
    worker.gpu_vendor = parse_choice<GpuVendor>(
        vendor, {{"nvidia", GpuVendor::kNvidia}, {"amd", GpuVendor::kAmd}, {"none", GpuVendor::kNone}});
  }
  auto exporters = node.get("exporters");
  if (exporters.defined()) {
    auto items = exporters.items();
    if (items.empty()) {
      exporters.fail("empty (expected at least one of node_exporter, dcgm_exporter, dc_exporter)");
    }
    for (const auto& item : items) {
      auto text = item.as_string();
      auto found = std::find_if(kAllWorkerExporters.begin(), kAllWorkerExporters.end(),
                                [&text](WorkerExporter e) { return exporter_key(e) == text; });
      if (found == kAllWorkerExporters.end()) {
        item.fail("unknown exporter '" + text + "' (expected node_exporter, dcgm_exporter or dc_exporter)");
      }
      auto index = static_cast<std::size_t>(*found);
      if (worker.runs[index]) {
        item.fail(text + " is listed twice");
      }
      worker.runs[index] = true;
    }
  } else {
    // The seed's three exporters on NVIDIA workers; node_exporter alone elsewhere.
    worker.runs[static_cast<std::size_t>(WorkerExporter::kNodeExporter)] = true;
    if (worker.gpu_vendor == GpuVendor::kNvidia) {
      worker.runs[static_cast<std::size_t>(WorkerExporter::kDcgmExporter)] = true;
      worker.runs[static_cast<std::size_t>(WorkerExporter::kDcExporter)] = true;
    }
  }
  if (worker.has(WorkerExporter::kDcgmExporter) && worker.gpu_vendor != GpuVendor::kNvidia) {
    exporters.fail("dcgm_exporter needs NVIDIA GPUs (gpu_vendor is " +
                   std::string(to_string(worker.gpu_vendor)) + ")");
  }
  for (auto exporter : kAllWorkerExporters) {
    worker.ports[static_cast<std::size_t>(exporter)] = default_port(exporter);
  }
  if (auto ports = node.get("ports"); ports.defined()) {
    check_section(ports, {"node_exporter", "dcgm_exporter", "dc_exporter"});
    for (auto exporter : kAllWorkerExporters) {
      auto port = ports.get(exporter_key(exporter));
      if (!port.defined()) {
        continue;
      }
      if (!worker.has(exporter)) {
        port.fail(std::string(exporter_key(exporter)) + " is not in this worker's exporters");
      }
      worker.ports[static_cast<std::size_t>(exporter)] = parse_port(port);
    }
  }
  worker.watchdog_agent = !fleet.watchdog_url.empty();
  if (auto agent = node.get("watchdog_agent"); agent.defined()) {
    worker.watchdog_agent = agent.as_bool();
    if (worker.watchdog_agent && fleet.watchdog_url.empty()) {
      agent.fail("true, but watchdog.url is not set (the agent needs the watchdog's address)");
    }
  }
  return worker;
}

void parse_workers(const YamlNode& node, Fleet& fleet, PortClaims& claims) {
  std::map<std::string, int> names{{fleet.master.name, 0}};
  for (const auto& item : node.items()) {
    auto worker = parse_worker(item, fleet);
    auto [it, inserted] = names.emplace(worker.name, item.require("name").line());
    if (!inserted) {
      item.require("name").fail("duplicate name '" + worker.name + "' " +
                                (it->second == 0 ? std::string("(the master's name)")
                                                 : "(first at line " + std::to_string(it->second) + ")"));
    }
    auto ports = item.get("ports");
    for (auto exporter : kAllWorkerExporters) {
      if (!worker.has(exporter)) {
        continue;
      }
      auto key = exporter_key(exporter);
      auto explicit_port = ports.defined() ? ports.get(key) : ports;
      claims.claim(worker.ip, worker.port(exporter), worker.name + " " + std::string(key),
                   explicit_port.defined() ? explicit_port : item.require("ip"));
    }
    fleet.workers.push_back(std::move(worker));
  }
}

void claim_master_ports(const YamlNode& root, const Fleet& fleet, PortClaims& claims) {
  const auto& ip = fleet.master.ip;
  auto blame = [&root](std::string_view section, std::string_view key) {
    auto node = root.get(section);
    if (node.defined() && node.get(key).defined()) {
      return node.get(key);
    }
    return root.require("master").require("ip");
  };
  const auto& name = fleet.master.name;
  claims.claim(ip, fleet.master.node_exporter_port, name + " node_exporter",
               blame("master", "node_exporter_port"));
  claims.claim(ip, fleet.prometheus_port, name + " prometheus", blame("prometheus", "port"));
  claims.claim(ip, fleet.grafana_port, name + " grafana", blame("grafana", "port"));
  if (fleet.ipmi_monitor) {
    claims.claim(ip, fleet.ipmi_monitor_port, name + " ipmi-monitor", blame("ipmi_monitor", "port"));
  }
  if (fleet.vastai) {
    claims.claim(ip, fleet.vastai_port, name + " vastai-exporter", blame("vastai", "port"));
  }
  if (fleet.cadvisor) {
    claims.claim(ip, fleet.cadvisor_port, name + " cadvisor", blame("extras", "cadvisor_port"));
  }
}

void parse_tls_and_domains(const YamlNode& root, Fleet& fleet) {
  auto tls = root.get("tls");
  if (tls.defined()) {
    check_section(tls, {"mode", "acme_email"});
    if (auto mode = tls.get("mode"); mode.defined()) {
      fleet.tls_mode = parse_choice<TlsMode>(mode, {{"self-signed", TlsMode::kSelfSigned},
                                                    {"letsencrypt", TlsMode::kLetsEncrypt},
                                                    {"traefik", TlsMode::kTraefik},
                                                    {"none", TlsMode::kNone}});
    }
  }
  auto domains = root.get("domains");
  if (domains.defined()) {
    check_section(domains, {"grafana", "ipmi"});
    if (auto grafana = domains.get("grafana"); grafana.defined()) {
      fleet.grafana_domain = parse_domain(grafana);
    }
    if (auto ipmi = domains.get("ipmi"); ipmi.defined()) {
      fleet.ipmi_domain = parse_domain(ipmi);
      if (!fleet.ipmi_monitor) {
        ipmi.fail("set, but ipmi_monitor.enabled is false");
      }
      if (fleet.ipmi_domain == fleet.grafana_domain) {
        ipmi.fail("the same name as domains.grafana (leave it out to serve ipmi-monitor under /ipmi/)");
      }
    }
  }
  const bool acme = fleet.tls_mode == TlsMode::kLetsEncrypt || fleet.tls_mode == TlsMode::kTraefik;
  auto email = tls.defined() ? tls.get("acme_email") : tls;
  if (email.defined()) {
    fleet.acme_email = email.as_string();
    auto at = fleet.acme_email.find('@');
    if (at == std::string::npos || at == 0 || !valid_domain(fleet.acme_email.substr(at + 1))) {
      email.fail("invalid e-mail address '" + fleet.acme_email + "'");
    }
    if (!acme) {
      email.fail("only used with tls.mode letsencrypt or traefik (mode is " +
                 std::string(to_string(fleet.tls_mode)) + ")");
    }
  }
  if (acme) {
    // acme is only true when tls.mode was given.
    const auto mode_node = tls.get("mode");
    const auto mode = std::string(to_string(fleet.tls_mode));
    if (fleet.grafana_domain.empty()) {
      mode_node.fail(mode + " needs domains.grafana (certificates are issued for a name)");
    }
    if (fleet.acme_email.empty()) {
      mode_node.fail(mode + " needs tls.acme_email (the Let's Encrypt account's address)");
    }
  }
}

void parse_services(const YamlNode& root, Fleet& fleet) {
  if (auto grafana = root.get("grafana"); grafana.defined()) {
    check_section(grafana, {"port"});
    if (auto port = grafana.get("port"); port.defined()) {
      fleet.grafana_port = parse_port(port);
    }
  }
  if (auto ipmi = root.get("ipmi_monitor"); ipmi.defined()) {
    check_section(ipmi, {"enabled", "port"});
    if (auto enabled = ipmi.get("enabled"); enabled.defined()) {
      fleet.ipmi_monitor = enabled.as_bool();
    }
    if (auto port = ipmi.get("port"); port.defined()) {
      fleet.ipmi_monitor_port = parse_port(port);
    }
  }
  if (auto vastai = root.get("vastai"); vastai.defined()) {
    check_section(vastai, {"enabled", "port"});
    if (auto enabled = vastai.get("enabled"); enabled.defined()) {
      fleet.vastai = enabled.as_bool();
    }
    if (auto port = vastai.get("port"); port.defined()) {
      fleet.vastai_port = parse_port(port);
    }
  }
  if (auto watchdog = root.get("watchdog"); watchdog.defined()) {
    check_section(watchdog, {"url", "scrape"});
    auto url = watchdog.require("url");
    fleet.watchdog_url = url.as_string();
    if (!split_http_url(fleet.watchdog_url)) {
      url.fail("invalid URL '" + fleet.watchdog_url + "' (expected http:// or https://HOST[:PORT][/PATH])");
    }
    while (fleet.watchdog_url.ends_with('/')) {
      fleet.watchdog_url.pop_back();
    }
    if (auto scrape = watchdog.get("scrape"); scrape.defined()) {
      fleet.watchdog_scrape = scrape.as_bool();
    }
  }
  if (auto extras = root.get("extras"); extras.defined()) {
    check_section(extras, {"cadvisor", "cadvisor_port", "watchtower"});
    if (auto cadvisor = extras.get("cadvisor"); cadvisor.defined()) {
      fleet.cadvisor = cadvisor.as_bool();
    }
    if (auto port = extras.get("cadvisor_port"); port.defined()) {
      fleet.cadvisor_port = parse_port(port);
      if (!fleet.cadvisor) {
        port.fail("set, but extras.cadvisor is false");
      }
    }
    if (auto watchtower = extras.get("watchtower"); watchtower.defined()) {
      fleet.watchtower = watchtower.as_bool();
    }
  }
  if (auto network = root.get("network"); network.defined()) {
    check_section(network, {"internal_cidr", "docker_cidr"});
    if (auto cidr = network.get("internal_cidr"); cidr.defined()) {
      fleet.internal_cidr = parse_cidr(cidr);
    }
    if (auto cidr = network.get("docker_cidr"); cidr.defined()) {
      fleet.docker_cidr = parse_cidr(cidr);
    }
  }
}

Fleet parse_root(const YamlNode& root) {
  if (!root.defined()) {
    root.fail("empty (expected site:, master: and workers:)");
  }
  check_section(root, {"site", "master", "domains", "tls", "network", "prometheus", "grafana", "ipmi_monitor",
                       "vastai", "watchdog", "extras", "alerts", "workers"});
  Fleet fleet;
  fleet.site = parse_name(root.require("site"));
  // Read first: whether loopback addresses are allowed depends on where Prometheus runs.
  if (auto prometheus = root.get("prometheus"); prometheus.defined()) {
    parse_prometheus(prometheus, fleet);
  }
  parse_master(root.require("master"), fleet);
  parse_services(root, fleet);
  parse_tls_and_domains(root, fleet);
  if (auto alerts = root.get("alerts"); alerts.defined()) {
    parse_alerts(alerts, fleet.alerts);
  }
  PortClaims claims;
  claim_master_ports(root, fleet, claims);
  auto workers = root.require("workers");
  parse_workers(workers, fleet, claims);
  if (fleet.workers.empty()) {
    workers.fail("empty (expected at least one GPU worker)");
  }
  return fleet;
}

}  // namespace

std::string_view to_string(TlsMode mode) {
  switch (mode) {
    case TlsMode::kSelfSigned:
      return "self-signed";
    case TlsMode::kLetsEncrypt:
      return "letsencrypt";
    case TlsMode::kTraefik:
      return "traefik";
    case TlsMode::kNone:
      return "none";
  }
  return "?";
}

std::string_view to_string(GpuVendor vendor) {
  switch (vendor) {
    case GpuVendor::kNvidia:
      return "nvidia";
    case GpuVendor::kAmd:
      return "amd";
    case GpuVendor::kNone:
      return "none";
  }
  return "?";
}

std::string_view to_string(PrometheusRuntime run) {
  return run == PrometheusRuntime::kDocker ? "docker" : "host";
}

std::string_view exporter_key(WorkerExporter exporter) {
  switch (exporter) {
    case WorkerExporter::kNodeExporter:
      return "node_exporter";
    case WorkerExporter::kDcgmExporter:
      return "dcgm_exporter";
    case WorkerExporter::kDcExporter:
      return "dc_exporter";
  }
  return "?";
}

int default_port(WorkerExporter exporter) {
  switch (exporter) {
    case WorkerExporter::kNodeExporter:
      return 9100;
    case WorkerExporter::kDcgmExporter:
      return 9400;
    case WorkerExporter::kDcExporter:
      return 9500;
  }
  return 0;
}

std::string host_port(const std::string& ip, int port) {
  if (ip.find(':') != std::string::npos) {
    return "[" + ip + "]:" + std::to_string(port);
  }
  return ip + ":" + std::to_string(port);
}

bool is_loopback_address(std::string_view ip) {
  return ip.starts_with("127.") || ip == "::1";
}

Fleet parse_fleet(std::string_view text, const std::string& file_name) {
  return parse_root(core::config::parse_yaml(text, file_name));
}

Fleet load_fleet(const std::filesystem::path& path) {
  return parse_root(core::config::load_yaml_file(path));
}

}  // namespace dcm::overview
