#include "ipmi/web/auth.hpp"

#include "core/config/text.hpp"

namespace dcm::ipmi::web {

std::string cookie_value(std::string_view cookie_header, std::string_view name) {
  std::string_view rest = cookie_header;
  while (!rest.empty()) {
    const auto semicolon = rest.find(';');
    auto pair = core::config::trim(rest.substr(0, semicolon));
    rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return std::string(pair.substr(equals + 1));
    }
  }
  return {};
}

std::string session_cookie(std::string_view token, bool secure) {
  std::string cookie =
      std::string(kSessionCookie) + "=" + std::string(token) + "; Path=/; HttpOnly; SameSite=Strict";
  if (token.empty()) {
    cookie += "; Max-Age=0";
  }
  if (secure) {
    cookie += "; Secure";
  }
  return cookie;
}

std::string Authenticator::csrf_for(std::string_view session_token) const {
  return hasher_.hash("csrf:" + std::string(session_token));
}

NewSessionTokens Authenticator::start_session(std::int64_t user_id, const std::string& client_address) {
  NewSessionTokens tokens{core::secrets::random_token(32), {}};
  tokens.csrf_token = csrf_for(tokens.session_token);
  store::NewSession session;
  session.token_hash = hasher_.hash(tokens.session_token);
  session.csrf_hash = hasher_.hash(tokens.csrf_token);
  session.user_id = user_id;
  session.expires = clock_.now() + kSessionLifetime;
  session.client_address = client_address;
  store_.create_session(session);
  store_.record_login(user_id);
  return tokens;
}

void Authenticator::end_session(const Principal& principal) {
  if (!principal.session_hash.empty()) {
    store_.delete_session(principal.session_hash);
  }
}

std::optional<Principal> Authenticator::identify(const core::http::Request& request) {
  const auto authorization = request.get_header_value("Authorization");
  if (authorization.starts_with("Bearer ")) {
    const auto token = core::config::trim(std::string_view(authorization).substr(7));
    if (token.empty() || token.size() > 256) {
      return std::nullopt;
    }
    auto record = store_.use_api_token(hasher_.hash(token));
    if (!record) {
      return std::nullopt;
    }
    return Principal{"token:" + record->name, record->role, true, {}, {}};
  }
  const auto token = cookie_value(request.get_header_value("Cookie"), kSessionCookie);
  if (token.empty() || token.size() > 256) {
    return std::nullopt;
  }
  const auto hash = hasher_.hash(token);
  auto session = store_.find_session(hash);
  if (!session) {
    return std::nullopt;
  }
  store_.touch_session(hash, clock_.now() + kSessionLifetime);
  return Principal{session->user.name, session->user.role, false, hash, csrf_for(token)};
}

bool Authenticator::csrf_ok(const Principal& principal, const core::http::Request& request) const {
  if (principal.via_api_token) {
    return true;
  }
  auto presented = request.get_header_value("X-CSRF-Token");
  if (presented.empty() && request.has_param("csrf")) {
    presented = request.get_param_value("csrf");
  }
  return !presented.empty() && core::secrets::constant_time_equals(presented, principal.csrf_token);
}

}  // namespace dcm::ipmi::web
