#include "overview/generators/worker_bundle.hpp"

#include <stdexcept>

#include "overview/dc_exporter_unit.hpp"
#include "overview/generators/ufw.hpp"

namespace dcm::overview {
namespace {

struct UnitInfo {
  const char* file;
  const char* binary;
};

UnitInfo unit_info(WorkerExporter exporter) {
  switch (exporter) {
    case WorkerExporter::kNodeExporter:
      return {"node_exporter.service", "/usr/local/bin/node_exporter"};
    case WorkerExporter::kDcgmExporter:
      return {"dcgm-exporter.service", "/usr/local/bin/dcgm-exporter"};
    case WorkerExporter::kDcExporter:
      return {"dc-exporter.service", "/usr/local/bin/dc-exporter"};
  }
  return {"", ""};
}

constexpr const char* kAgentBinary = "/usr/local/bin/dc-watchdog-agent";

std::string node_exporter_unit(const Worker& worker, const RenderContext& context) {
  std::string out = comment_header(context);
  out += "# node_exporter on :" + std::to_string(worker.port(WorkerExporter::kNodeExporter)) +
         " (CPU, memory, disk, network). Binary from\n";
  out +=
      "# https://github.com/prometheus/node_exporter/releases (or Debian's prometheus-node-exporter: "
      "change\n";
  out += "# ExecStart to /usr/bin/prometheus-node-exporter).\n";
  out += "[Unit]\n";
  out += "Description=Prometheus node_exporter (CPU, memory, disk, network)\n";
  out += "After=network-online.target\n";
  out += "Wants=network-online.target\n\n";
  out += "[Service]\n";
  out += "Type=simple\n";
  out += "ExecStart=/usr/local/bin/node_exporter --web.listen-address=:" +
         std::to_string(worker.port(WorkerExporter::kNodeExporter)) + "\n";
  out += "Restart=always\n";
  out += "RestartSec=5\n";
  out += "DynamicUser=yes\n";
  out += "NoNewPrivileges=yes\n";
  out += "ProtectSystem=strict\n";
  out += "ProtectHome=read-only\n";
  out += "PrivateTmp=yes\n\n";
  out += "[Install]\n";
  out += "WantedBy=multi-user.target\n";
  return out;
}

std::string dcgm_exporter_unit(const Worker& worker, const RenderContext& context) {
  std::string out = comment_header(context);
  out += "# NVIDIA dcgm-exporter on :" + std::to_string(worker.port(WorkerExporter::kDcgmExporter)) +
         " (utilisation, memory, power, clocks); needs DCGM's nv-hostengine\n";
  out += "# (package datacenter-gpu-manager, service nvidia-dcgm).\n";
  out += "[Unit]\n";
  out += "Description=NVIDIA DCGM exporter\n";
  out += "After=network-online.target nvidia-dcgm.service\n";
  out += "Wants=network-online.target\n";
  out += "Requires=nvidia-dcgm.service\n\n";
  out += "[Service]\n";
  out += "Type=simple\n";
  out += "ExecStart=/usr/local/bin/dcgm-exporter -a :" +
         std::to_string(worker.port(WorkerExporter::kDcgmExporter)) + "\n";
  out += "Restart=always\n";
  out += "RestartSec=5\n\n";
  out += "[Install]\n";
  out += "WantedBy=multi-user.target\n";
  return out;
}

std::string dc_exporter_unit(const Worker& worker, const RenderContext& context) {
  std::string unit(kDcExporterUnit);
  const std::string listen = "--listen 0.0.0.0:9500";
  auto pos = unit.find(listen);
  if (pos == std::string::npos) {
    throw std::logic_error("deploy/systemd/dc-exporter.service no longer contains '" + listen + "'");
  }
  unit.replace(pos, listen.size(),
               "--listen 0.0.0.0:" + std::to_string(worker.port(WorkerExporter::kDcExporter)));
  return comment_header(context) + unit;
}

std::string agent_unit(const RenderContext& context) {
  std::string out = comment_header(context);
  out +=
      "# The dc-watchdog agent: a heartbeat every INTERVAL seconds with an mtr path to the offsite "
      "watchdog.\n";
  out += "[Unit]\n";
  out += "Description=dc-watchdog agent (heartbeats and mtr paths to the offsite watchdog)\n";
  out += "After=network-online.target\n";
  out += "Wants=network-online.target\n\n";
  out += "[Service]\n";
  out += "Type=simple\n";
  out += "ExecStart=" + std::string(kAgentBinary) + " --config /etc/dc-watchdog/agent.conf\n";
  out += "Restart=always\n";
  out += "RestartSec=10\n";
  out += "User=dc-watchdog\n";
  out += "# mtr sends raw ICMP.\n";
  out += "AmbientCapabilities=CAP_NET_RAW\n";
  out += "CapabilityBoundingSet=CAP_NET_RAW\n";
  out += "NoNewPrivileges=yes\n";
  out += "ProtectSystem=strict\n";
  out += "ProtectHome=yes\n";
  out += "PrivateTmp=yes\n";
  out += "StateDirectory=dc-watchdog\n";
  out += "ReadOnlyPaths=/etc/dc-watchdog\n\n";
  out += "[Install]\n";
  out += "WantedBy=multi-user.target\n";
  return out;
}

std::string agent_conf(const Fleet& fleet, const RenderContext& context) {
  std::string out = comment_header(context);
  out +=
      "# dc-watchdog agent settings (shell KEY=value). AGENT_ID and AGENT_KEY come from enrolling with the\n";
  out += "# watchdog (install.sh prints how); keep this file mode 0600.\n";
  out += "SERVER_URL=" + fleet.watchdog_url + "\n";
  out += "SITE=" + fleet.site + "\n";
  out += "INTERVAL=30\n";
  out += "SPOOL_DIR=/var/lib/dc-watchdog/spool\n";
  out += "AGENT_ID=\n";
  out += "AGENT_KEY=\n";
  return out;
}

std::string install_script(const Fleet& fleet, const Worker& worker, const RenderContext& context) {
  std::string out = "#!/bin/sh\n" + comment_header(context);
  out += "# Installs and starts the exporters of GPU worker " + worker.name + " (" + worker.ip +
         ") as systemd services.\n";
  out += "# Run as root on that worker, from this directory. It installs units, not binaries: put them in\n";
  out +=
      "# /usr/local/bin first (docs/overview/README.md). A unit whose binary is missing is installed but "
      "not\n";
  out += "# started. Safe to run again.\n";
  out += "set -eu\n";
  out += "here=$(cd \"$(dirname \"$0\")\" && pwd)\n\n";
  out += "start_unit() {\n";
  out += "  unit=$1\n";
  out += "  binary=$2\n";
  out += "  install -m 0644 \"$here/$unit\" \"/etc/systemd/system/$unit\"\n";
  out += "  if [ -x \"$binary\" ]; then\n";
  out += "    systemctl daemon-reload\n";
  out += "    systemctl enable --now \"$unit\"\n";
  out += "    systemctl restart \"$unit\"\n";
  out += "    echo \"$unit: running\"\n";
  out += "  else\n";
  out += "    echo \"$unit: installed, not started: $binary is missing\" >&2\n";
  out += "  fi\n";
  out += "}\n\n";
  if (worker.has(WorkerExporter::kDcExporter)) {
    out += "# dc-exporter reads /etc/dc-exporter/config.ini (built-in defaults without it).\n";
    out += "install -d -m 0755 /etc/dc-exporter\n";
  }
  for (auto exporter : kAllWorkerExporters) {
    if (worker.has(exporter)) {
      auto info = unit_info(exporter);
      out += std::string("start_unit ") + info.file + " " + info.binary + "\n";
    }
  }
  if (worker.watchdog_agent) {
    out += "\n# dc-watchdog agent: its config needs the keys enrollment gives.\n";
    out += "install -d -m 0755 /etc/dc-watchdog\n";
    out += "if [ ! -e /etc/dc-watchdog/agent.conf ]; then\n";
    out += "  install -m 0600 \"$here/agent.conf.example\" /etc/dc-watchdog/agent.conf\n";
    out += "fi\n";
    out += "if ! id -u dc-watchdog >/dev/null 2>&1; then\n";
    out += "  useradd --system --no-create-home --shell /usr/sbin/nologin dc-watchdog\n";
    out += "fi\n";
    out += "chown dc-watchdog /etc/dc-watchdog/agent.conf\n";
    out += "if grep -q '^AGENT_KEY=.' /etc/dc-watchdog/agent.conf; then\n";
    out += "  start_unit dc-watchdog-agent.service " + std::string(kAgentBinary) + "\n";
    out += "else\n";
    out +=
        "  install -m 0644 \"$here/dc-watchdog-agent.service\" "
        "/etc/systemd/system/dc-watchdog-agent.service\n";
    out += "  echo \"dc-watchdog-agent.service: installed, not started: enroll first with\" >&2\n";
    out += "  echo \"  install-agent.sh --server " + fleet.watchdog_url +
           " --enroll-token \\\"\\$WATCHDOG_API_KEY\\\" --site " + fleet.site + " --role server\" >&2\n";
    out +=
        "  echo \"  (or put AGENT_ID and AGENT_KEY in /etc/dc-watchdog/agent.conf) and run this again.\" "
        ">&2\n";
    out += "fi\n";
  }
  out += "\necho \"Open the firewall to the master with: sh $here/ufw.sh\"\n";
  return out;
}

}  // namespace

void render_worker_bundle(const Fleet& fleet, const Worker& worker, const RenderContext& context,
                          OutputSet& out) {
  const std::string dir = "workers/" + worker.name + "/";
  if (worker.has(WorkerExporter::kNodeExporter)) {
    out.push_back({dir + "node_exporter.service", node_exporter_unit(worker, context)});
  }
  if (worker.has(WorkerExporter::kDcgmExporter)) {
    out.push_back({dir + "dcgm-exporter.service", dcgm_exporter_unit(worker, context)});
  }
  if (worker.has(WorkerExporter::kDcExporter)) {
    out.push_back({dir + "dc-exporter.service", dc_exporter_unit(worker, context)});
  }
  if (worker.watchdog_agent) {
    out.push_back({dir + "dc-watchdog-agent.service", agent_unit(context)});
    out.push_back({dir + "agent.conf.example", agent_conf(fleet, context)});
  }
  out.push_back({dir + "ufw.sh", render_ufw_worker(fleet, worker, context), true});
  out.push_back({dir + "install.sh", install_script(fleet, worker, context), true});
}

}  // namespace dcm::overview
