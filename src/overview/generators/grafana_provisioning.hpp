// Grafana provisioning: the Prometheus data source (reached by its container name, never localhost) and the
// dashboard provider that loads grafana/dashboards/json/*.json.
#pragma once

#include <string>

#include "overview/inventory.hpp"
#include "overview/output.hpp"

namespace dcm::overview {

// Where the provisioned dashboards live inside the Grafana container.
inline constexpr const char* kGrafanaDashboardsPath = "/etc/grafana/provisioning/dashboards/json";

std::string render_grafana_datasource(const Fleet& fleet, const RenderContext& context);
std::string render_grafana_dashboard_provider(const Fleet& fleet, const RenderContext& context);

}  // namespace dcm::overview
