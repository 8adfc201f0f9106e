#include "ipmi/web/web_state.hpp"

#include <span>
#include <stdexcept>

#include "core/web/assets.hpp"
#include "core/web/template.hpp"

namespace dcm::assets {
std::span<const core::web::Asset> ipmi_web_templates();
}

namespace dcm::ipmi::web {

WebState::WebState(const WebContext& context_in, const core::secrets::SecretKey& key)
    : context(context_in),
      hasher(key.derive(core::secrets::TokenHasher::kKeyContext)),
      passwords(context_in.password_cost),
      auth(context_in.store, hasher, context_in.clock),
      login_limiter(context_in.clock, RateLimit{}),
      trust{context_in.trusted_proxies} {}

std::string WebState::client(const core::http::Request& request) const {
  return client_address(request.remote_addr, request.get_header_value("X-Forwarded-For"), trust);
}

bool WebState::over_tls(const core::http::Request& request) const {
  return came_over_tls(request.remote_addr, request.get_header_value("X-Forwarded-Proto"), trust);
}

void WebState::audit(const std::string& actor, const std::string& action, const std::string& target,
                     const core::http::Request& request, const std::string& detail) {
  context.store.audit(store::AuditEntry{actor, action, target, client(request), detail});
}

void set_security_headers(core::http::Response& response) {
  response.set_header("Content-Security-Policy",
                      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                      "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("Cache-Control", "no-store");
}

void respond_json(core::http::Response& response, int status, const nlohmann::json& body) {
  set_security_headers(response);
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json");
}

void respond_error(core::http::Response& response, int status, const std::string& reason) {
  respond_json(response, status, {{"error", reason}});
}

void redirect(core::http::Response& response, const std::string& location) {
  set_security_headers(response);
  response.status = 303;
  response.set_header("Location", location);
}

namespace {
std::string template_text(const std::string& name) {
  const auto* asset = core::web::find_asset(dcm::assets::ipmi_web_templates(), "/" + name + ".html");
  if (asset == nullptr) {
    throw std::logic_error("no embedded template " + name);
  }
  return std::string(asset->data);
}
}  // namespace

void respond_page(core::http::Response& response, const std::string& name, nlohmann::json data,
                  const std::optional<Principal>& principal, int status) {
  if (principal) {
    data["user"] = principal->name;
    data["role"] = std::string(store::to_string(principal->role));
    data["csrf"] = principal->csrf_token;
  }
  nlohmann::json layout = data;
  layout["body"] = core::web::render(template_text(name), data, name + ".html");
  set_security_headers(response);
  response.status = status;
  response.set_content(core::web::render(template_text("layout"), layout, "layout.html"),
                       "text/html; charset=utf-8");
}

}  // namespace dcm::ipmi::web
