// tls.mode traefik: Traefik's file-provider configuration for ipmi-monitor, which runs on the master as a
// service rather than in a container (Grafana is routed by the labels in docker-compose.yml).
#pragma once

#include <string>

#include "overview/inventory.hpp"
#include "overview/output.hpp"

namespace dcm::overview {

std::string render_traefik_dynamic(const Fleet& fleet, const RenderContext& context);

}  // namespace dcm::overview
