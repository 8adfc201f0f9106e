#include "overview/generators/ufw.hpp"

namespace dcm::overview {
namespace {

std::string port(int number) {
  return std::to_string(number);
}

constexpr const char* kNotEnabled =
    "# Adds rules only; it does not enable ufw. Check `ufw status numbered` (SSH must be allowed),\n"
    "# then run `ufw enable`. Rules are evaluated in order: the allows come before the denies.\n";

}  // namespace

std::string render_ufw_master(const Fleet& fleet, const RenderContext& context) {
  std::string out = "#!/bin/sh\n" + comment_header(context);
  out += "# Firewall of the master of site " + fleet.site + " (run as root).\n";
  out += kNotEnabled;
  out +=
      "# Docker's published ports bypass ufw: docker-compose.yml publishes on 127.0.0.1 for that reason.\n";
  out += "set -eu\n\n";
  out += "ufw allow 22/tcp comment 'ssh'\n";
  if (fleet.tls_mode == TlsMode::kNone) {
    if (!fleet.internal_cidr.empty()) {
      out += "ufw allow from " + fleet.internal_cidr + " to any port " + port(fleet.grafana_port) +
             " proto tcp comment 'Grafana (tls.mode none: internal network only)'\n";
    }
  } else {
    out += "ufw allow 80/tcp comment 'HTTP, redirected to HTTPS'\n";
    out += "ufw allow 443/tcp comment 'HTTPS: Grafana, ipmi-monitor'\n";
  }
  out += "\n# Prometheus (and Traefik) in Docker reach the host's services from Docker's networks.\n";
  out += "ufw allow from " + fleet.docker_cidr + " to any port " + port(fleet.master.node_exporter_port) +
         " proto tcp comment 'Prometheus container to node-exporter'\n";
  if (fleet.ipmi_monitor) {
    out += "ufw allow from " + fleet.docker_cidr + " to any port " + port(fleet.ipmi_monitor_port) +
           " proto tcp comment 'Prometheus container to ipmi-monitor'\n";
  }
  if (!fleet.internal_cidr.empty()) {
    out += "ufw allow from " + fleet.internal_cidr + " to any port " + port(fleet.master.node_exporter_port) +
           " proto tcp comment 'internal network to node-exporter'\n";
  } else {
    out += "# network.internal_cidr is not set in the fleet file: no rule for the internal network.\n";
  }
  out += "\n# Everything else stays out: the UIs are served through the proxy only, Prometheus never.\n";
  out += "ufw deny " + port(fleet.grafana_port) + "/tcp comment 'Grafana: through the proxy only'\n";
  if (fleet.ipmi_monitor) {
    out +=
        "ufw deny " + port(fleet.ipmi_monitor_port) + "/tcp comment 'ipmi-monitor: through the proxy only'\n";
  }
  out += "ufw deny " + port(fleet.prometheus_port) + "/tcp comment 'Prometheus: never public'\n";
  out += "ufw deny " + port(fleet.master.node_exporter_port) + "/tcp comment 'node-exporter'\n";
  return out;
}

std::string render_ufw_worker(const Fleet& fleet, const Worker& worker, const RenderContext& context) {
  std::string out = "#!/bin/sh\n" + comment_header(context);
  out +=
      "# Firewall of GPU worker " + worker.name + " (run as root on it): its exporters answer the master\n";
  out += "# (" + fleet.master.ip + ") only.\n";
  out += kNotEnabled;
  out += "set -eu\n\n";
  out += "ufw allow 22/tcp comment 'ssh'\n";
  for (auto exporter : kAllWorkerExporters) {
    if (worker.has(exporter)) {
      out += "ufw allow from " + fleet.master.ip + " to any port " + port(worker.port(exporter)) +
             " proto tcp comment 'Prometheus to " + std::string(exporter_key(exporter)) + "'\n";
    }
  }
  for (auto exporter : kAllWorkerExporters) {
    if (worker.has(exporter)) {
      out += "ufw deny " + port(worker.port(exporter)) + "/tcp comment '" +
             std::string(exporter_key(exporter)) + "'\n";
    }
  }
  return out;
}

}  // namespace dcm::overview
