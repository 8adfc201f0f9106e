#include "overview/inventory.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include <arpa/inet.h>

#include "core/config/config_error.hpp"
#include "core/config/text.hpp"
#include "core/config/yaml_reader.hpp"
#include "overview/http_url.hpp"

namespace dcm::overview {
namespace {

using core::config::YamlNode;

// yaml-cpp keeps both entries of a repeated key and get() would silently use the first: refuse it.
void reject_duplicate_keys(const YamlNode& map) {
  std::map<std::string, int> seen;
  for (const auto& [key, child] : map.entries()) {
    auto [it, inserted] = seen.emplace(key, child.line());
    if (!inserted) {
      child.fail("duplicate key (first at line " + std::to_string(it->second) + ")");
    }
  }
}

// A mapping section: known keys only, no key twice.
void check_section(const YamlNode& node, std::initializer_list<std::string_view> known) {
  if (!node.is_map()) {
    node.fail("expected a mapping of keys");
  }
  reject_duplicate_keys(node);
  node.allow_keys(known);
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 63 || !std::isalnum(static_cast<unsigned char>(name.front()))) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

std::string parse_name(const YamlNode& node) {
  auto name = node.as_string();
  if (!valid_name(name)) {
    node.fail("invalid name '" + name +
              "' (expected letters, digits, '.', '_' or '-', starting with a letter or digit, at most 63 "
              "characters)");
  }
  return name;
}

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253 || domain.find('.') == std::string_view::npos) {
    return false;
  }
  std::size_t start = 0;
  while (start <= domain.size()) {
    auto end = domain.find('.', start);
    auto label = domain.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
        return false;
      }
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return true;
}

std::string parse_domain(const YamlNode& node) {
  auto domain = node.as_string();
  if (!valid_domain(domain)) {
    node.fail("invalid domain name '" + domain + "' (expected e.g. grafana.example.com)");
  }
  return domain;
}

std::string parse_ip(const YamlNode& node, PrometheusRuntime runtime) {
  auto text = node.as_string();
  if (text == "localhost") {
    node.fail(
        "localhost is not an address (expected the host's IPv4 or IPv6 address; find it with hostname -I)");
  }
  unsigned char buffer[16];
  if (::inet_pton(AF_INET, text.c_str(), buffer) != 1 && ::inet_pton(AF_INET6, text.c_str(), buffer) != 1) {
    node.fail("invalid address '" + text + "' (expected an IPv4 or IPv6 address)");
  }
  if (text == "0.0.0.0" || text == "::") {
    node.fail(text + " is not an address a scraper can reach (expected the host's own address)");
  }
  if (runtime == PrometheusRuntime::kDocker && is_loopback_address(text)) {
    node.fail(text +
              " is the Prometheus container itself when Prometheus runs in Docker (prometheus.runs_in: "
              "docker); use the host's LAN address (hostname -I)");
  }
  return text;
}

int parse_port(const YamlNode& node) {
  return static_cast<int>(node.as_int(1, 65535));
}

std::chrono::seconds parse_interval(const YamlNode& node) {
  auto text = node.as_string();
  auto value = core::config::parse_duration(text);
  if (!value || value->count() % 1000 != 0 || *value < std::chrono::seconds(1) ||
      *value > std::chrono::hours(1)) {
    node.fail("invalid interval '" + text + "' (expected whole seconds from 1s to 1h, e.g. 15s)");
  }
  return std::chrono::duration_cast<std::chrono::seconds>(*value);
}

std::string parse_retention(const YamlNode& node) {
  auto text = node.as_string();
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
    ++digits;
  }
  static const std::set<std::string, std::less<>> kUnits = {"h", "d", "w", "y"};
  if (digits == 0 || kUnits.count(text.substr(digits)) == 0 || text.substr(0, digits) == "0") {
    node.fail("invalid retention '" + text + "' (expected a number and h, d, w or y, e.g. 30d)");
  }
  return text;
}

std::string parse_cidr(const YamlNode& node) {
  auto text = node.as_string();
  auto slash = text.find('/');
  bool ok = slash != std::string::npos;
  if (ok) {
    auto address = text.substr(0, slash);
    unsigned char buffer[16];
    bool v4 = ::inet_pton(AF_INET, address.c_str(), buffer) == 1;
    bool v6 = !v4 && ::inet_pton(AF_INET6, address.c_str(), buffer) == 1;
    auto bits = core::config::parse_int<int>(std::string_view(text).substr(slash + 1));
    ok = (v4 || v6) && bits && *bits >= 0 && *bits <= (v4 ? 32 : 128);
  }
  if (!ok) {
    node.fail("invalid network '" + text + "' (expected ADDRESS/BITS, e.g. 192.168.1.0/24)");
  }
  return text;
}

double parse_number(const YamlNode& node, double min, double max) {
  auto text = node.as_string();
  auto value = core::config::parse_double(core::config::trim(text));
  if (!value || !std::isfinite(*value) || *value < min || *value > max) {
    auto format = [](double v) {
      auto s = std::to_string(v);
      s.erase(s.find_last_not_of('0') + 1);
      if (s.back() == '.') {
        s.pop_back();
      }
      return s;
    };
    node.fail("invalid value '" + text + "' (expected a number from " + format(min) + " to " + format(max) +
              ")");
  }
  return *value;
}

template <typename Enum>
Enum parse_choice(const YamlNode& node, std::initializer_list<std::pair<std::string_view, Enum>> choices) {
  auto text = node.as_string();
  std::string expected;
  std::size_t index = 0;
  for (const auto& [name, value] : choices) {
    if (name == text) {
      return value;
    }
    expected += index == 0 ? "" : index + 1 == choices.size() ? " or " : ", ";
    expected += name;
    ++index;
  }
  node.fail("invalid value '" + text + "' (expected " + expected + ")");
}

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
