// What every web handler shares: the store, the fleet, the authenticator, the rate limiter, the templates,
// and the small helpers for answering (JSON errors, pages, redirects, role checks).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/secrets/password_hash.hpp"
#include "core/secrets/tokens.hpp"
#include "ipmi/web/auth.hpp"
#include "ipmi/web/client_address.hpp"
#include "ipmi/web/login_rate_limiter.hpp"
#include "ipmi/web/routes.hpp"

namespace dcm::ipmi::web {

struct WebState {
  WebState(const WebContext& context, const core::secrets::SecretKey& key);

  WebContext context;
  core::secrets::TokenHasher hasher;
  core::secrets::PasswordHasher passwords;
  Authenticator auth;
  LoginRateLimiter login_limiter;
  ProxyTrust trust;

  std::string client(const core::http::Request& request) const;
  bool over_tls(const core::http::Request& request) const;
  void audit(const std::string& actor, const std::string& action, const std::string& target,
             const core::http::Request& request, const std::string& detail = {});
};

using SharedState = std::shared_ptr<WebState>;

void respond_json(core::http::Response& response, int status, const nlohmann::json& body);
void respond_error(core::http::Response& response, int status, const std::string& reason);
void redirect(core::http::Response& response, const std::string& location);
// Renders templates/<name>.html inside templates/layout.html; `data` gets the user and CSRF token.
void respond_page(core::http::Response& response, const std::string& name, nlohmann::json data,
                  const std::optional<Principal>& principal, int status = 200);
void set_security_headers(core::http::Response& response);

void register_auth_routes(core::http::Server& server, const SharedState& state);
void register_api_routes(core::http::Server& server, const SharedState& state);
void register_page_routes(core::http::Server& server, const SharedState& state);
// Creates "admin" from context.initial_admin_password when set and no such user exists.
void bootstrap_admin(WebState& state);

}  // namespace dcm::ipmi::web
