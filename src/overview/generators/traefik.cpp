#include "overview/generators/traefik.hpp"

namespace dcm::overview {

std::string render_traefik_dynamic(const Fleet& fleet, const RenderContext& context) {
  std::string out = comment_header(context);
  out += "# Traefik dynamic configuration (file provider), mounted at /etc/traefik/dynamic.yml.\n";
  if (!fleet.ipmi_monitor) {
    out += "# ipmi-monitor is off in the fleet file: nothing to route besides Grafana (docker labels).\n";
    out += "http: {}\n";
    return out;
  }
  const bool own_host = !fleet.ipmi_domain.empty();
  out += "# ipmi-monitor runs on the master; Traefik (in Docker) reaches it on the master's address.\n";
  out += "http:\n";
  out += "  routers:\n";
  out += "    ipmi-monitor:\n";
  if (own_host) {
    out += "      rule: \"Host(`" + fleet.ipmi_domain + "`)\"\n";
  } else {
    out += "      rule: \"Host(`" + fleet.grafana_domain + "`) && PathPrefix(`/ipmi/`)\"\n";
    out += "      middlewares:\n";
    out += "        - ipmi-prefix\n";
  }
  out += "      entryPoints:\n";
  out += "        - websecure\n";
  out += "      service: ipmi-monitor\n";
  out += "      tls:\n";
  out += "        certResolver: letsencrypt\n";
  if (!own_host) {
    out += "  middlewares:\n";
    out += "    ipmi-prefix:\n";
    out += "      stripPrefix:\n";
    out += "        prefixes:\n";
    out += "          - /ipmi\n";
  }
  out += "  services:\n";
  out += "    ipmi-monitor:\n";
  out += "      loadBalancer:\n";
  out += "        servers:\n";
  out += "          - url: " + yaml_quote("http://" + host_port(fleet.master.ip, fleet.ipmi_monitor_port)) +
         "\n";
  return out;
}

}  // namespace dcm::overview
