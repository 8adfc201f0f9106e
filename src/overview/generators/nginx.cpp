#include "overview/generators/nginx.hpp"

namespace dcm::overview {
namespace {

constexpr const char* kSslDir = "/etc/nginx/ssl";

std::string proxy_headers(const std::string& indent) {
  return indent + "proxy_set_header Host $host;\n" + indent + "proxy_set_header X-Real-IP $remote_addr;\n" +
         indent + "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n" + indent +
         "proxy_set_header X-Forwarded-Proto $scheme;\n";
}

std::string grafana_location(const Fleet& fleet) {
  std::string out = "    location / {\n";
  out += "        proxy_pass http://127.0.0.1:" + std::to_string(fleet.grafana_port) + ";\n";
  out += proxy_headers("        ");
  out += "        # WebSocket for Grafana Live\n";
  out += "        proxy_http_version 1.1;\n";
  out += "        proxy_set_header Upgrade $http_upgrade;\n";
  out += "        proxy_set_header Connection \"upgrade\";\n";
  out += "    }\n";
  return out;
}

std::string ipmi_location(const Fleet& fleet, bool under_prefix) {
  std::string out = under_prefix ? "    location /ipmi/ {\n" : "    location / {\n";
  out += "        proxy_pass http://127.0.0.1:" + std::to_string(fleet.ipmi_monitor_port) + "/;\n";
  out += proxy_headers("        ");
  if (under_prefix) {
    out += "        proxy_set_header X-Forwarded-Prefix /ipmi;\n";
  }
  out += "    }\n";
  return out;
}

std::string tls_settings() {
  std::string out;
  out += "    ssl_certificate " + std::string(kSslDir) + "/selfsigned.crt;\n";
  out += "    ssl_certificate_key " + std::string(kSslDir) + "/selfsigned.key;\n";
  out += "    ssl_dhparam " + std::string(kSslDir) + "/dhparam.pem;\n";
  out += "    ssl_protocols TLSv1.2 TLSv1.3;\n";
  out +=
      "    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
      "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384;\n";
  out += "    ssl_prefer_server_ciphers off;\n";
  return out;
}

std::string self_signed_site(const Fleet& fleet) {
  const bool ipmi_host = fleet.ipmi_monitor && !fleet.ipmi_domain.empty();
  const bool ipmi_path = fleet.ipmi_monitor && fleet.ipmi_domain.empty();
  std::string out;
  out += "# HTTP redirects to HTTPS.\n";
  out += "server {\n";
  out += "    listen 80 default_server;\n";
  out += "    listen [::]:80 default_server;\n";
  out += "    server_name _;\n";
  out += "    return 301 https://$host$request_uri;\n";
  out += "}\n\n";
  out += std::string("# Grafana") + (ipmi_path ? ", and ipmi-monitor under /ipmi/." : ".") + "\n";
  out += "server {\n";
  out += "    listen 443 ssl default_server;\n";
  out += "    listen [::]:443 ssl default_server;\n";
  out +=
      "    server_name " + (fleet.grafana_domain.empty() ? std::string("_") : fleet.grafana_domain) + ";\n\n";
  out += tls_settings() + "\n";
  out += grafana_location(fleet);
  if (ipmi_path) {
    out += "\n";
    out += ipmi_location(fleet, true);
  }
  out += "}\n";
  if (ipmi_host) {
    out += "\n# ipmi-monitor.\n";
    out += "server {\n";
    out += "    listen 443 ssl;\n";
    out += "    listen [::]:443 ssl;\n";
    out += "    server_name " + fleet.ipmi_domain + ";\n\n";
    out += tls_settings() + "\n";
    out += ipmi_location(fleet, false);
    out += "}\n";
  }
  return out;
}

// Port 80 only: certbot --nginx adds the HTTPS server blocks and the redirects to these.
std::string letsencrypt_site(const Fleet& fleet) {
  const bool ipmi_host = fleet.ipmi_monitor && !fleet.ipmi_domain.empty();
  const bool ipmi_path = fleet.ipmi_monitor && fleet.ipmi_domain.empty();
  std::string out;
  out += "# Grafana" + std::string(ipmi_path ? ", and ipmi-monitor under /ipmi/." : ".") + "\n";
  out += "server {\n";
  out += "    listen 80;\n";
  out += "    listen [::]:80;\n";
  out += "    server_name " + fleet.grafana_domain + ";\n\n";
  out += grafana_location(fleet);
  if (ipmi_path) {
    out += "\n";
    out += ipmi_location(fleet, true);
  }
  out += "}\n";
  if (ipmi_host) {
    out += "\n# ipmi-monitor.\n";
    out += "server {\n";
    out += "    listen 80;\n";
    out += "    listen [::]:80;\n";
    out += "    server_name " + fleet.ipmi_domain + ";\n\n";
    out += ipmi_location(fleet, false);
    out += "}\n";
  }
  return out;
}

std::string install_site_commands() {
  std::string out;
  out += "install -m 0644 \"$here/dc-monitoring.conf\" /etc/nginx/sites-available/dc-monitoring\n";
  out += "ln -sf /etc/nginx/sites-available/dc-monitoring /etc/nginx/sites-enabled/dc-monitoring\n";
  out += "rm -f /etc/nginx/sites-enabled/default\n";
  out += "nginx -t\n";
  out += "systemctl reload nginx\n";
  return out;
}

}  // namespace

std::string render_nginx_site(const Fleet& fleet, const RenderContext& context) {
  std::string out = comment_header(context);
  out += "# nginx site of site " + fleet.site + " (tls.mode " + std::string(to_string(fleet.tls_mode)) +
         "), installed by setup-tls.sh as\n";
  out += "# /etc/nginx/sites-available/dc-monitoring. Prometheus is not proxied: it has no authentication;\n";
  out += "# reach it with ssh -L 9090:127.0.0.1:" + std::to_string(fleet.prometheus_port) + " <master>.\n\n";
  out += fleet.tls_mode == TlsMode::kLetsEncrypt ? letsencrypt_site(fleet) : self_signed_site(fleet);
  return out;
}

std::string render_nginx_setup_script(const Fleet& fleet, const RenderContext& context) {
  std::string out = "#!/bin/sh\n" + comment_header(context);
  if (fleet.tls_mode == TlsMode::kLetsEncrypt) {
    out +=
        "# Installs the nginx site and gets Let's Encrypt certificates for it with certbot (run as root on "
        "the\n";
    out += "# master; DNS must already point the names at it and ports 80 and 443 must be reachable).\n";
    out += "# Needs: apt install nginx certbot python3-certbot-nginx\n";
    out += "set -eu\n";
    out += "here=$(cd \"$(dirname \"$0\")\" && pwd)\n\n";
    out += install_site_commands();
    out += "\n";
    out += "certbot --nginx --non-interactive --agree-tos --redirect --email " + fleet.acme_email + " -d " +
           fleet.grafana_domain;
    if (fleet.ipmi_monitor && !fleet.ipmi_domain.empty()) {
      out += " -d " + fleet.ipmi_domain;
    }
    out += "\n";
    out += "# certbot installs a timer that renews the certificates; check that a renewal would work:\n";
    out += "certbot renew --dry-run\n";
    return out;
  }
  std::string subject_alt = "IP:" + fleet.master.ip;
  std::string common_name = fleet.master.ip;
  if (!fleet.grafana_domain.empty()) {
    subject_alt += ",DNS:" + fleet.grafana_domain;
    common_name = fleet.grafana_domain;
  }
  if (fleet.ipmi_monitor && !fleet.ipmi_domain.empty()) {
    subject_alt += ",DNS:" + fleet.ipmi_domain;
  }
  out +=
      "# Installs the nginx site with a self-signed certificate (valid 365 days, for " + common_name + ")\n";
  out += "# and Diffie-Hellman parameters; run as root on the master. Browsers warn about the certificate:\n";
  out += "# that is expected, the connection is still encrypted. Needs: apt install nginx openssl\n";
  out += "set -eu\n";
  out += "here=$(cd \"$(dirname \"$0\")\" && pwd)\n";
  out += "ssl=" + std::string(kSslDir) + "\n\n";
  out += "mkdir -p \"$ssl\"\n";
  out += "if [ ! -s \"$ssl/selfsigned.crt\" ]; then\n";
  out += "  openssl req -x509 -nodes -days 365 -newkey rsa:2048 \\\n";
  out += "    -keyout \"$ssl/selfsigned.key\" -out \"$ssl/selfsigned.crt\" \\\n";
  out += "    -subj \"/CN=" + common_name + "\" -addext \"subjectAltName=" + subject_alt + "\"\n";
  out += "  chmod 600 \"$ssl/selfsigned.key\"\n";
  out += "fi\n";
  out += "if [ ! -s \"$ssl/dhparam.pem\" ]; then\n";
  out += "  openssl dhparam -out \"$ssl/dhparam.pem\" 2048\n";
  out += "fi\n\n";
  out += install_site_commands();
  return out;
}

}  // namespace dcm::overview
