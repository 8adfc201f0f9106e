#include "overview/generators/dashboards/dashboards.hpp"

#include "overview/scrape_jobs.hpp"

namespace dcm::overview {

Variable job_variable(const std::string& jobs_regex) {
  return Variable{"job", "Job", "label_values(up{job=~\"" + jobs_regex + "\"}, job)"};
}

Variable instance_variable() {
  return Variable{"instance", "Instance", "label_values(up{job=~\"$job\"}, instance)"};
}

std::vector<DashboardFile> render_dashboards(const Fleet& fleet, const RenderContext& context) {
  std::vector<DashboardFile> files;
  files.push_back({"dc-overview.json", overview_dashboard(fleet, context)});
  if (!gpu_jobs_regex(fleet).empty()) {
    files.push_back({"gpu-temperatures.json", gpu_temperatures_dashboard(fleet, context)});
  }
  files.push_back({"node-exporter.json", node_exporter_dashboard(fleet, context)});
  if (fleet.ipmi_monitor) {
    files.push_back({"ipmi-bmc.json", ipmi_dashboard(fleet, context)});
  }
  if (fleet.vastai) {
    files.push_back({"vastai.json", vastai_dashboard(fleet, context)});
  }
  if (has_job(fleet, kJobWatchdog)) {
    files.push_back({"dc-watchdog.json", watchdog_dashboard(fleet, context)});
  }
  return files;
}

}  // namespace dcm::overview
