#include "overview/generate.hpp"

#include "overview/generators/dashboards/dashboards.hpp"
#include "overview/generators/docker_compose.hpp"
#include "overview/generators/grafana_provisioning.hpp"
#include "overview/generators/nginx.hpp"
#include "overview/generators/prometheus_yml.hpp"
#include "overview/generators/rule_tests.hpp"
#include "overview/generators/rules.hpp"
#include "overview/generators/traefik.hpp"
#include "overview/generators/ufw.hpp"
#include "overview/generators/worker_bundle.hpp"

namespace dcm::overview {

OutputSet render_all(const Fleet& fleet, const RenderContext& context) {
  OutputSet out;
  out.push_back(
      {kMarkerFile, comment_header(context) +
                        "# dc-overview generate replaces this whole directory each time it runs.\n"});
  out.push_back({"prometheus.yml", render_prometheus_yml(fleet, context)});
  out.push_back({"rules/recording.yml", render_recording_rules(fleet, context)});
  out.push_back({"rules/alerts.yml", render_alert_rules(fleet, context)});
  out.push_back({"rules/tests/alerts_test.yml", render_alert_tests(fleet, context)});
  out.push_back({"grafana/datasources/prometheus.yml", render_grafana_datasource(fleet, context)});
  out.push_back({"grafana/dashboards/dc-overview.yml", render_grafana_dashboard_provider(fleet, context)});
  for (const auto& dashboard : render_dashboards(fleet, context)) {
    out.push_back({"grafana/dashboards/json/" + dashboard.file_name, dashboard.json.dump(2) + "\n"});
  }
  out.push_back({"docker-compose.yml", render_docker_compose(fleet, context)});
  if (fleet.tls_mode == TlsMode::kSelfSigned || fleet.tls_mode == TlsMode::kLetsEncrypt) {
    out.push_back({"nginx/dc-monitoring.conf", render_nginx_site(fleet, context)});
    out.push_back({"nginx/setup-tls.sh", render_nginx_setup_script(fleet, context), true});
  }
  if (fleet.tls_mode == TlsMode::kTraefik) {
    out.push_back({"traefik/dynamic.yml", render_traefik_dynamic(fleet, context)});
  }
  out.push_back({"firewall/ufw-master.sh", render_ufw_master(fleet, context), true});
  for (const auto& worker : fleet.workers) {
    render_worker_bundle(fleet, worker, context, out);
  }
  return out;
}

}  // namespace dcm::overview
