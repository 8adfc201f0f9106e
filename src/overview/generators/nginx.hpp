// The nginx site in front of Grafana and ipmi-monitor (tls.mode self-signed or letsencrypt), and the script
// that installs it: a self-signed certificate with the master's address in subjectAltName plus DH
// parameters, or Let's Encrypt certificates through certbot. Prometheus is never proxied.
#pragma once

#include <string>

#include "overview/inventory.hpp"
#include "overview/output.hpp"

namespace dcm::overview {

std::string render_nginx_site(const Fleet& fleet, const RenderContext& context);
std::string render_nginx_setup_script(const Fleet& fleet, const RenderContext& context);

}  // namespace dcm::overview
