#include "overview/generators/docker_compose.hpp"

namespace dcm::overview {
namespace {

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

// "127.0.0.1:3000:3000"
std::string loopback_port(int host_port_number, int container_port) {
  return quoted("127.0.0.1:" + std::to_string(host_port_number) + ":" + std::to_string(container_port));
}

void watchtower_label(std::string& out, const Fleet& fleet) {
  if (fleet.watchtower) {
    out += "      - \"com.centurylinklabs.watchtower.enable=true\"\n";
  }
}

void grafana(std::string& out, const Fleet& fleet) {
  out += "  grafana:\n";
  out += "    image: " + std::string(kGrafanaImage) + "\n";
  out += "    container_name: grafana\n";
  out += "    restart: unless-stopped\n";
  out += "    ports:\n";
  if (fleet.tls_mode == TlsMode::kNone) {
    out += "      # tls.mode none: plain HTTP on the master's address for the internal network only.\n";
    out += "      - " + quoted(host_port(fleet.master.ip, fleet.grafana_port) + ":3000") + "\n";
  } else {
    out += "      - " + loopback_port(fleet.grafana_port, 3000) + "  # the proxy in front serves it\n";
  }
  out += "    volumes:\n";
  out += "      - grafana-data:/var/lib/grafana\n";
  out += "      - ./grafana/datasources:/etc/grafana/provisioning/datasources:ro\n";
  out += "      - ./grafana/dashboards:/etc/grafana/provisioning/dashboards:ro\n";
  out += "    environment:\n";
  out += "      GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASS:?set GRAFANA_ADMIN_PASS in .env}\n";
  out += "      GF_SERVER_ROOT_URL: " + quoted(grafana_url(fleet)) + "\n";
  out += "      GF_USERS_ALLOW_SIGN_UP: \"false\"\n";
  out += "      GF_ANALYTICS_REPORTING_ENABLED: \"false\"\n";
  if (fleet.tls_mode == TlsMode::kTraefik || fleet.watchtower) {
    out += "    labels:\n";
  }
  if (fleet.tls_mode == TlsMode::kTraefik) {
    out += "      - \"traefik.enable=true\"\n";
    out += "      - \"traefik.http.routers.grafana.rule=Host(`" + fleet.grafana_domain + "`)\"\n";
    out += "      - \"traefik.http.routers.grafana.entrypoints=websecure\"\n";
    out += "      - \"traefik.http.routers.grafana.tls.certresolver=letsencrypt\"\n";
    out += "      - \"traefik.http.services.grafana.loadbalancer.server.port=3000\"\n";
  }
  watchtower_label(out, fleet);
}

void prometheus(std::string& out, const Fleet& fleet) {
  out += "\n  prometheus:\n";
  out += "    image: " + std::string(kPrometheusImage) + "\n";
  out += "    container_name: prometheus\n";
  out += "    restart: unless-stopped\n";
  out += "    ports:\n";
  out += "      # Never public: Prometheus has no authentication. From elsewhere use\n";
  out += "      # ssh -L 9090:127.0.0.1:" + std::to_string(fleet.prometheus_port) + " <master>.\n";
  out += "      - " + loopback_port(fleet.prometheus_port, 9090) + "\n";
  out += "    volumes:\n";
  out += "      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n";
  out += "      - ./rules:/etc/prometheus/rules:ro\n";
  out += "      - prometheus-data:/prometheus\n";
  out += "    command:\n";
  out += "      - \"--config.file=/etc/prometheus/prometheus.yml\"\n";
  out += "      - \"--storage.tsdb.path=/prometheus\"\n";
  out += "      - \"--storage.tsdb.retention.time=" + fleet.retention + "\"\n";
  if (fleet.watchtower) {
    out += "    labels:\n";
    watchtower_label(out, fleet);
  }
}

void node_exporter(std::string& out, const Fleet& fleet) {
  out += "\n  # On the host's network and PID namespace: it reports the host, not a container. Prometheus\n";
  out += "  # scrapes it on " + host_port(fleet.master.ip, fleet.master.node_exporter_port) + ".\n";
  out += "  node-exporter:\n";
  out += "    image: " + std::string(kNodeExporterImage) + "\n";
  out += "    container_name: node-exporter\n";
  out += "    restart: unless-stopped\n";
  out += "    network_mode: host\n";
  out += "    pid: host\n";
  out += "    volumes:\n";
  out += "      - \"/:/host:ro,rslave\"\n";
  out += "    command:\n";
  out += "      - \"--path.rootfs=/host\"\n";
  out += "      - \"--web.listen-address=:" + std::to_string(fleet.master.node_exporter_port) + "\"\n";
  if (fleet.watchtower) {
    out += "    labels:\n";
    watchtower_label(out, fleet);
  }
}

void vastai(std::string& out, const Fleet& fleet) {
  out += "\n  vastai-exporter:\n";
  out += "    image: " + std::string(kVastaiExporterImage) + "\n";
  out += "    container_name: vastai-exporter\n";
  out += "    restart: unless-stopped\n";
  out += "    ports:\n";
  out += "      - " + loopback_port(fleet.vastai_port, 8622) + "\n";
  out += "    command: [\"-api-key\", \"${VAST_API_KEY:?set VAST_API_KEY in .env}\"]\n";
  if (fleet.watchtower) {
    out += "    labels:\n";
    watchtower_label(out, fleet);
  }
}

void cadvisor(std::string& out, const Fleet& fleet) {
  out += "\n  cadvisor:\n";
  out += "    image: " + std::string(kCadvisorImage) + "\n";
  out += "    container_name: cadvisor\n";
  out += "    restart: unless-stopped\n";
  out += "    ports:\n";
  out += "      - " + loopback_port(fleet.cadvisor_port, 8080) + "\n";
  out += "    volumes:\n";
  out += "      - \"/:/rootfs:ro\"\n";
  out += "      - \"/var/run:/var/run:ro\"\n";
  out += "      - \"/sys:/sys:ro\"\n";
  out += "      - \"/var/lib/docker/:/var/lib/docker:ro\"\n";
  out += "      - \"/dev/disk/:/dev/disk:ro\"\n";
  out += "    privileged: true\n";
  out += "    devices:\n";
  out += "      - \"/dev/kmsg:/dev/kmsg\"\n";
}

void watchtower(std::string& out) {
  out +=
      "\n  # Updates only the containers labelled com.centurylinklabs.watchtower.enable=true (all of the "
      "above).\n";
  out += "  watchtower:\n";
  out += "    image: " + std::string(kWatchtowerImage) + "\n";
  out += "    container_name: watchtower\n";
  out += "    restart: unless-stopped\n";
  out += "    volumes:\n";
  out += "      - /var/run/docker.sock:/var/run/docker.sock\n";
  out += "    environment:\n";
  out += "      WATCHTOWER_CLEANUP: \"true\"\n";
  out += "      WATCHTOWER_POLL_INTERVAL: \"86400\"\n";
  out += "    command: --label-enable\n";
}

void traefik(std::string& out, const Fleet& fleet) {
  out += "  # The only public entry: HTTPS with Let's Encrypt certificates. Prometheus has no router.\n";
  out += "  traefik:\n";
  out += "    image: " + std::string(kTraefikImage) + "\n";
  out += "    container_name: traefik\n";
  out += "    restart: unless-stopped\n";
  out += "    ports:\n";
  out += "      - \"80:80\"\n";
  out += "      - \"443:443\"\n";
  out += "    volumes:\n";
  out += "      - /var/run/docker.sock:/var/run/docker.sock:ro\n";
  out += "      - ./traefik/dynamic.yml:/etc/traefik/dynamic.yml:ro\n";
  out += "      - traefik-acme:/acme\n";
  out += "    command:\n";
  out += "      - \"--providers.docker=true\"\n";
  out += "      - \"--providers.docker.exposedbydefault=false\"\n";
  out += "      - \"--providers.file.filename=/etc/traefik/dynamic.yml\"\n";
  out += "      - \"--entrypoints.web.address=:80\"\n";
  out += "      - \"--entrypoints.websecure.address=:443\"\n";
  out += "      - \"--entrypoints.web.http.redirections.entrypoint.to=websecure\"\n";
  out += "      - \"--entrypoints.web.http.redirections.entrypoint.scheme=https\"\n";
  out += "      - \"--certificatesresolvers.letsencrypt.acme.httpchallenge=true\"\n";
  out += "      - \"--certificatesresolvers.letsencrypt.acme.httpchallenge.entrypoint=web\"\n";
  out += "      - \"--certificatesresolvers.letsencrypt.acme.email=" + fleet.acme_email + "\"\n";
  out += "      - \"--certificatesresolvers.letsencrypt.acme.storage=/acme/acme.json\"\n";
  out += "\n";
}

}  // namespace

std::string grafana_url(const Fleet& fleet) {
  if (fleet.tls_mode == TlsMode::kNone) {
    return "http://" + host_port(fleet.master.ip, fleet.grafana_port) + "/";
  }
  if (!fleet.grafana_domain.empty()) {
    return "https://" + fleet.grafana_domain + "/";
  }
  const bool v6 = fleet.master.ip.find(':') != std::string::npos;
  return "https://" + (v6 ? "[" + fleet.master.ip + "]" : fleet.master.ip) + "/";
}

std::string render_docker_compose(const Fleet& fleet, const RenderContext& context) {
  std::string out = comment_header(context);
  out += "# The monitoring stack of site " + fleet.site + ", for the master (" + fleet.master.ip +
         ") only: GPU workers run their\n";
  out += "# exporters as systemd units (workers/). Published ports are bound to 127.0.0.1 because Docker's\n";
  out += "# published ports bypass ufw. Secrets come from .env (dc-overview init writes it, mode 0600).\n";
  out += "name: " + yaml_quote("dc-monitoring-" + fleet.site) + "\n";
  out += "services:\n";
  if (fleet.tls_mode == TlsMode::kTraefik) {
    traefik(out, fleet);
  }
  grafana(out, fleet);
  if (fleet.prometheus_runtime == PrometheusRuntime::kDocker) {
    prometheus(out, fleet);
  }
  node_exporter(out, fleet);
  if (fleet.vastai) {
    vastai(out, fleet);
  }
  if (fleet.cadvisor) {
    cadvisor(out, fleet);
  }
  if (fleet.watchtower) {
    watchtower(out);
  }
  out += "\nvolumes:\n";
  out += "  grafana-data:\n";
  if (fleet.prometheus_runtime == PrometheusRuntime::kDocker) {
    out += "  prometheus-data:\n";
  }
  if (fleet.tls_mode == TlsMode::kTraefik) {
    out += "  traefik-acme:\n";
  }
  return out;
}

}  // namespace dcm::overview
