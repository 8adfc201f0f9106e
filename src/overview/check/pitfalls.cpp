#include "overview/check/pitfalls.hpp"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include "core/config/text.hpp"
#include "overview/env_file.hpp"
#include "overview/scrape_jobs.hpp"

namespace dcm::overview {
namespace {

namespace fs = std::filesystem;
using Level = Finding::Level;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// "10.0.0.1:9100" -> {"10.0.0.1", "9100"}; "[::1]:9100" -> {"::1", "9100"}.
std::pair<std::string, std::string> split_host_port(const std::string& address) {
  if (!address.empty() && address.front() == '[') {
    auto close = address.find(']');
    if (close != std::string::npos) {
      auto port = close + 1 < address.size() && address[close + 1] == ':' ? address.substr(close + 2) : "";
      return {address.substr(1, close - 1), port};
    }
  }
  auto colon = address.rfind(':');
  if (colon == std::string::npos) {
    return {address, ""};
  }
  return {address.substr(0, colon), address.substr(colon + 1)};
}

bool is_local_name(const std::string& host) {
  return host == "localhost" || is_loopback_address(host);
}

std::string scalar(const YAML::Node& node, const std::string& fallback = "") {
  return node && node.IsScalar() ? node.Scalar() : fallback;
}

void check_prometheus_yml(const Fleet& fleet, const fs::path& out_dir, std::vector<Finding>& findings) {
  const auto path = out_dir / "prometheus.yml";
  if (!fs::exists(path)) {
    return;
  }
  YAML::Node root;
  try {
    root = YAML::Load(read_text(path));
  } catch (const YAML::Exception& e) {
    findings.push_back({Level::kError, "prometheus.yml: invalid YAML: " + e.msg});
    return;
  }
  auto rule_files = root["rule_files"];
  if (!rule_files || !rule_files.IsSequence() || rule_files.size() == 0) {
    findings.push_back({Level::kError,
                        "prometheus.yml: no rule_files: the alerting and recording rules are not "
                        "loaded (run dc-overview generate again)"});
  } else {
    for (const auto& file : rule_files) {
      auto name = scalar(file);
      if (name.find('*') == std::string::npos && !fs::exists(out_dir / name)) {
        findings.push_back({Level::kError, "prometheus.yml: rule file " + name + " does not exist"});
      }
    }
  }
  std::map<std::string, std::string> addresses;   // scheme://address/path -> job
  std::map<std::string, std::string> label_sets;  // job + instance -> address
  for (const auto& job : root["scrape_configs"]) {
    const auto name = scalar(job["job_name"], "?");
    const auto url_prefix = scalar(job["scheme"], "http") + "://";
    const auto path_suffix = scalar(job["metrics_path"], "/metrics");
    for (const auto& group : job["static_configs"]) {
      const auto instance_label = scalar(group["labels"]["instance"]);
      for (const auto& target : group["targets"]) {
        const auto address = scalar(target);
        auto [host, port] = split_host_port(address);
        const bool self = name == kJobPrometheus && port == "9090";
        if (fleet.prometheus_runtime == PrometheusRuntime::kDocker && is_local_name(host) && !self) {
          findings.push_back(
              {Level::kError, "prometheus.yml: job '" + name + "' scrapes " + address + ": inside Docker, " +
                                  host + " is the Prometheus container itself (use the host's address)"});
        }
        auto [it, inserted] = addresses.emplace(url_prefix + address + path_suffix, name);
        if (!inserted) {
          findings.push_back({Level::kError, "prometheus.yml: " + address + " is scraped by job '" +
                                                 it->second + "' and again by job '" + name + "'"});
        }
        const auto instance = instance_label.empty() ? address : instance_label;
        auto [label_it, fresh] = label_sets.emplace(name + "\n" + instance, address);
        if (!fresh) {
          findings.push_back(
              {Level::kError, "prometheus.yml: job '" + name + "' labels both " + label_it->second + " and " +
                                  address + " instance='" + instance +
                                  "': their series collide (give each job one target per instance)"});
        }
      }
    }
  }
}

struct PortMapping {
  std::string ip;  // "" when the mapping binds all addresses
  std::string host_port;
  std::string container_port;
};

PortMapping parse_port_mapping(std::string text) {
  if (auto slash = text.find('/'); slash != std::string::npos) {
    text = text.substr(0, slash);
  }
  PortMapping mapping;
  auto last = text.rfind(':');
  if (last == std::string::npos) {
    mapping.container_port = text;
    return mapping;
  }
  mapping.container_port = text.substr(last + 1);
  auto rest = text.substr(0, last);
  auto [host, port] = split_host_port(rest);
  if (port.empty() && rest.find(':') == std::string::npos) {
    mapping.host_port = rest;
  } else {
    mapping.ip = host;
    mapping.host_port = port;
  }
  if (mapping.ip == "0.0.0.0" || mapping.ip == "::") {
    mapping.ip.clear();
  }
  return mapping;
}

void check_compose(const fs::path& out_dir, std::vector<Finding>& findings) {
  const auto path = out_dir / "docker-compose.yml";
  if (!fs::exists(path)) {
    return;
  }
  YAML::Node root;
  try {
    root = YAML::Load(read_text(path));
  } catch (const YAML::Exception& e) {
    findings.push_back({Level::kError, "docker-compose.yml: invalid YAML: " + e.msg});
    return;
  }
  std::map<std::string, std::string> published;  // ip:port -> service
  for (const auto& entry : root["services"]) {
    const auto service = entry.first.Scalar();
    const auto& body = entry.second;
    const bool is_prometheus = service == "prometheus";
    for (const auto& port : body["ports"]) {
      auto mapping = parse_port_mapping(scalar(port));
      const auto shown = scalar(port);
      const bool prometheus_port = is_prometheus || mapping.container_port == "9090";
      if (prometheus_port && !is_loopback_address(mapping.ip)) {
        findings.push_back(
            {Level::kError, "docker-compose.yml: Prometheus is published on " +
                                (mapping.ip.empty() ? std::string("all addresses") : mapping.ip) + " (" +
                                shown +
                                "): it has no authentication and Docker bypasses ufw, so it is "
                                "public (publish on 127.0.0.1)"});
      } else if (mapping.ip.empty() && !mapping.host_port.empty() && service != "traefik") {
        findings.push_back({Level::kWarning, "docker-compose.yml: " + service +
                                                 " is published on all addresses (" + shown +
                                                 "); Docker bypasses ufw (publish on 127.0.0.1)"});
      }
      if (!mapping.host_port.empty()) {
        auto key = (mapping.ip.empty() ? "*" : mapping.ip) + ":" + mapping.host_port;
        auto [it, inserted] = published.emplace(key, service);
        if (!inserted) {
          findings.push_back({Level::kError, "docker-compose.yml: port " + mapping.host_port +
                                                 " is published by both " + it->second + " and " + service});
        }
      }
    }
    if (is_prometheus) {
      for (const auto& label : body["labels"]) {
        const auto text =
            label.IsScalar() ? label.Scalar() : label.first.Scalar() + "=" + scalar(label.second);
        if (text == "traefik.enable=true") {
          findings.push_back({Level::kError,
                              "docker-compose.yml: Traefik routes to Prometheus "
                              "(traefik.enable=true on it): that makes it public"});
        }
      }
    }
  }
}

void check_proxies(const Fleet& fleet, const fs::path& out_dir, std::vector<Finding>& findings) {
  std::string configured = ":";
  configured += std::to_string(fleet.prometheus_port);
  const std::set<std::string> ports = {":9090", configured};
  for (const char* file : {"nginx/dc-monitoring.conf", "traefik/dynamic.yml"}) {
    const auto path = out_dir / file;
    if (!fs::exists(path)) {
      continue;
    }
    int number = 0;
    const std::string text = read_text(path);  // the lines below are views into it
    for (auto raw : core::config::split_lines(text)) {
      ++number;
      auto line = std::string(core::config::trim(raw));
      if (line.starts_with("#")) {
        continue;
      }
      const bool proxies =
          line.find("proxy_pass") != std::string::npos || line.find("url:") != std::string::npos;
      for (const auto& port : ports) {
        auto at = line.find(port);
        if (proxies && at != std::string::npos &&
            (at + port.size() == line.size() ||
             !std::isdigit(static_cast<unsigned char>(line[at + port.size()])))) {
          findings.push_back({Level::kError, std::string(file) + ":" + std::to_string(number) +
                                                 ": proxies to Prometheus (" + line +
                                                 "): it has no authentication and must not be public"});
          break;
        }
      }
    }
  }
}

}  // namespace

std::vector<Finding> check_generated(const Fleet& fleet, const fs::path& out_dir) {
  std::vector<Finding> findings;
  check_prometheus_yml(fleet, out_dir, findings);
  check_compose(out_dir, findings);
  check_proxies(fleet, out_dir, findings);
  return findings;
}

std::vector<Finding> check_env(const Fleet& fleet, const fs::path& env_path) {
  std::vector<Finding> findings;
  struct stat info {};
  if (::stat(env_path.c_str(), &info) != 0) {
    findings.push_back({Level::kError, env_path.string() +
                                           ": missing (dc-overview init writes it; the secrets "
                                           "go there, never in the fleet file)"});
    return findings;
  }
  if ((info.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    findings.push_back({Level::kWarning, env_path.string() + ": mode " + mode +
                                             " lets other users read the secrets (chmod 600 " +
                                             env_path.string() + ")"});
  }
  const auto values = parse_env(read_text(env_path));
  for (const auto& secret : required_secrets(fleet)) {
    auto it = values.find(secret.name);
    if (it == values.end()) {
      findings.push_back({Level::kError, env_path.string() + ": " + secret.name + " is missing (" +
                                             secret.description + ")"});
    } else if (it->second.empty()) {
      findings.push_back(
          {Level::kError, env_path.string() + ": " + secret.name + " is empty (" + secret.description + ")"});
    } else if (is_placeholder(it->second)) {
      findings.push_back({Level::kError, env_path.string() + ": " + secret.name +
                                             " is still a placeholder (" + secret.description + ")"});
    }
  }
  return findings;
}

}  // namespace dcm::overview
