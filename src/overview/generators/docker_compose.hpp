// docker-compose.yml for the master only (GPU workers run native systemd units): Grafana, Prometheus with
// 30 days of retention, node-exporter on the host network, and optionally vastai-exporter, cAdvisor,
// watchtower and (tls.mode traefik) Traefik. Every published port is bound to 127.0.0.1: Docker's published
// ports bypass ufw, so the proxy in front is the only way in. Secrets are ${VARIABLES} from .env.
#pragma once

#include <string>

#include "overview/inventory.hpp"
#include "overview/output.hpp"

namespace dcm::overview {

// Image tags, pinned so that a redeploy does not silently change versions.
inline constexpr const char* kGrafanaImage = "grafana/grafana:10.4.2";
inline constexpr const char* kPrometheusImage = "prom/prometheus:v2.51.2";
inline constexpr const char* kNodeExporterImage = "prom/node-exporter:v1.7.0";
inline constexpr const char* kVastaiExporterImage = "jjziets/vastai-exporter:latest";
inline constexpr const char* kCadvisorImage = "gcr.io/cadvisor/cadvisor:v0.47.1";
inline constexpr const char* kWatchtowerImage = "containrrr/watchtower:1.7.1";
inline constexpr const char* kTraefikImage = "traefik:v2.10";

std::string render_docker_compose(const Fleet& fleet, const RenderContext& context);

// The URL operators open Grafana at ("https://grafana.example.com/", "https://10.0.0.1/").
std::string grafana_url(const Fleet& fleet);

}  // namespace dcm::overview
