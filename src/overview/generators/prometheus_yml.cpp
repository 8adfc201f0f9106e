#include "overview/generators/prometheus_yml.hpp"

#include "overview/scrape_jobs.hpp"

namespace dcm::overview {

std::string render_prometheus_yml(const Fleet& fleet, const RenderContext& context) {
  std::string out = comment_header(context);
  out += "# Prometheus for site " + fleet.site + ". Targets are host addresses, never localhost";
  if (fleet.prometheus_runtime == PrometheusRuntime::kDocker) {
    out +=
        ": Prometheus runs in\n# Docker, where localhost is the Prometheus container itself; containers on "
        "its "
        "network are\n# reached by name.\n";
  } else {
    out += ".\n";
  }
  out += "global:\n";
  out += "  scrape_interval: " + format_seconds(fleet.scrape_interval.count()) + "\n";
  out += "  evaluation_interval: " + format_seconds(fleet.scrape_interval.count()) + "\n";
  out += "  external_labels:\n";
  out += "    site: " + yaml_quote(fleet.site) + "\n";
  out += "\n";
  out += "# Relative to this file: rules/ sits beside it here and in the Prometheus container.\n";
  out += "rule_files:\n";
  out += "  - 'rules/recording.yml'\n";
  out += "  - 'rules/alerts.yml'\n";
  out += "\n";
  out += "scrape_configs:\n";
  bool first = true;
  for (const auto& job : scrape_jobs(fleet)) {
    if (!first) {
      out += "\n";
    }
    first = false;
    out += "  # " + job.comment + "\n";
    out += "  - job_name: " + yaml_quote(job.name) + "\n";
    if (job.interval.count() > 0) {
      out += "    scrape_interval: " + format_seconds(job.interval.count()) + "\n";
    }
    if (job.scheme != "http") {
      out += "    scheme: " + job.scheme + "\n";
    }
    if (job.metrics_path != "/metrics") {
      out += "    metrics_path: " + yaml_quote(job.metrics_path) + "\n";
    }
    out += "    static_configs:\n";
    for (const auto& target : job.targets) {
      out += "      - targets: [" + yaml_quote(target.address) + "]\n";
      out += "        labels:\n";
      out += "          instance: " + yaml_quote(target.instance) + "\n";
    }
  }
  return out;
}

}  // namespace dcm::overview
