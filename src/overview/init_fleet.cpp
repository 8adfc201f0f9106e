#include "overview/init_fleet.hpp"

#include <stdexcept>

#include "overview/output.hpp"

namespace dcm::overview {

InitWorker parse_worker_flag(std::string_view text) {
  const std::string expected =
      " (expected NAME=IP[,gpu=nvidia|amd|none][,exporters=node_exporter+dc_exporter])";
  InitWorker worker;
  auto equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw std::invalid_argument("'" + std::string(text) + "'" + expected);
  }
  worker.name = std::string(text.substr(0, equals));
  auto rest = text.substr(equals + 1);
  auto comma = rest.find(',');
  worker.ip = std::string(rest.substr(0, comma));
  if (worker.ip.empty()) {
    throw std::invalid_argument("'" + std::string(text) + "': no address" + expected);
  }
  while (comma != std::string_view::npos) {
    rest = rest.substr(comma + 1);
    comma = rest.find(',');
    auto item = rest.substr(0, comma);
    if (item.starts_with("gpu=")) {
      worker.gpu_vendor = std::string(item.substr(4));
    } else if (item.starts_with("exporters=")) {
      auto list = item.substr(10);
      while (!list.empty()) {
        auto plus = list.find('+');
        worker.exporters.emplace_back(list.substr(0, plus));
        list = plus == std::string_view::npos ? std::string_view{} : list.substr(plus + 1);
      }
    } else {
      throw std::invalid_argument("'" + std::string(text) + "': unknown item '" + std::string(item) + "'" +
                                  expected);
    }
  }
  return worker;
}

std::string render_fleet_yaml(const InitOptions& o) {
  std::string out;
  out += "# fleet.yaml, written by `dc-overview init`: one site described once. Edit it, then run\n";
  out += "# `dc-overview generate` and `dc-overview check`. Reference: docs/overview/fleet-reference.md.\n";
  out += "# Secrets never go here: they live in .env beside this file (mode 0600).\n\n";
  out += "site: " + yaml_quote(o.site) + "\n\n";
  out += "# The monitoring server: Prometheus, Grafana, ipmi-monitor and the proxy run here.\n";
  out += "master:\n";
  out += "  name: " + yaml_quote(o.master_name) + "\n";
  out += "  ip: " + yaml_quote(o.master_ip) +
         "   # its LAN address, never localhost (Prometheus runs in Docker)\n\n";
  if (!o.grafana_domain.empty() || !o.ipmi_domain.empty()) {
    out += "domains:\n";
    if (!o.grafana_domain.empty()) {
      out += "  grafana: " + yaml_quote(o.grafana_domain) + "\n";
    }
    if (!o.ipmi_domain.empty()) {
      out += "  ipmi: " + yaml_quote(o.ipmi_domain) + "\n";
    }
    out += "\n";
  } else {
    out += "# domains:                      # public names, when there are any\n";
    out += "#   grafana: grafana.example.com\n";
    out += "#   ipmi: ipmi.example.com      # without it, ipmi-monitor is served under /ipmi/\n\n";
  }
  out += "tls:\n";
  out += "  mode: " + yaml_quote(o.tls_mode) + "   # self-signed | letsencrypt | traefik | none\n";
  if (!o.acme_email.empty()) {
    out += "  acme_email: " + yaml_quote(o.acme_email) + "\n";
  }
  out += "\n";
  if (!o.internal_cidr.empty()) {
    out += "network:\n";
    out += "  internal_cidr: " + yaml_quote(o.internal_cidr) +
           "   # the LAN allowed to reach the master's exporters\n\n";
  } else {
    out += "# network:\n";
    out += "#   internal_cidr: 192.168.1.0/24   # the LAN allowed to reach the master's exporters\n\n";
  }
  out += "prometheus:\n";
  out += "  runs_in: docker        # docker | host\n";
  out += "  port: 9090             # published on 127.0.0.1 only: never public\n";
  out += "  scrape_interval: 15s\n";
  out += "  slow_scrape_interval: 60s\n";
  out += "  retention: 30d\n\n";
  out += "ipmi_monitor:\n";
  out += "  enabled: " + std::string(o.ipmi_monitor ? "true" : "false") + "\n";
  out += "  port: 5000\n\n";
  out += "vastai:\n";
  out += "  enabled: " + std::string(o.vastai ? "true" : "false") + "   # needs VAST_API_KEY in .env\n\n";
  if (!o.watchdog_url.empty()) {
    out += "watchdog:\n";
    out += "  url: " + yaml_quote(o.watchdog_url) + "\n";
    out += "  scrape: true\n\n";
  } else {
    out += "# watchdog:                     # the offsite dc-watchdog; workers then get its agent\n";
    out += "#   url: https://watchdog.example.com\n\n";
  }
  out += "# alerts:                        # thresholds (defaults shown)\n";
  out += "#   vram_warning_celsius: 95\n";
  out += "#   vram_critical_celsius: 105\n";
  out += "#   hotspot_warning_celsius: 95\n";
  out += "#   hotspot_critical_celsius: 105\n";
  out += "#   disk_free_warning_percent: 10\n";
  out += "#   disk_free_critical_percent: 5\n\n";
  out +=
      "# GPU workers: exporters default to node_exporter, dcgm_exporter and dc_exporter on NVIDIA workers;\n";
  out += "# ports to 9100, 9400 and 9500 (ports: {dc_exporter: 9501} changes one).\n";
  out += "workers:\n";
  for (const auto& worker : o.workers) {
    out += "  - name: " + yaml_quote(worker.name) + "\n";
    out += "    ip: " + yaml_quote(worker.ip) + "\n";
    out += "    gpu_vendor: " + yaml_quote(worker.gpu_vendor) + "\n";
    if (!worker.exporters.empty()) {
      out += "    exporters: [";
      for (std::size_t i = 0; i < worker.exporters.size(); ++i) {
        out += i == 0 ? "" : ", ";
        out += yaml_quote(worker.exporters[i]);
      }
      out += "]\n";
    }
  }
  return out;
}

}  // namespace dcm::overview
