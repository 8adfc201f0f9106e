// Who is asking: web sessions (cookie) and API tokens (Authorization: Bearer), with roles and CSRF.
//
// A session token is 32 random bytes in the HttpOnly, SameSite=Strict cookie `ipmi_session`; the store keeps
// only its keyed hash. The session's CSRF token is derived from the session token with the same keyed hash
// (so pages can embed it without the store ever holding it in plain form) and must accompany every
// state-changing request as the form field `csrf` or the X-CSRF-Token header. Bearer-token requests carry
// no ambient credential, so they need no CSRF token.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/server.hpp"
#include "core/secrets/tokens.hpp"
#include "core/sys/clock.hpp"
#include "ipmi/store/store.hpp"

namespace dcm::ipmi::web {

inline constexpr std::string_view kSessionCookie = "ipmi_session";
inline constexpr std::chrono::hours kSessionLifetime{12};  // sliding: each request extends it

struct Principal {
  std::string name;  // user name, or "token:<name>" for an API token
  store::Role role = store::Role::kViewer;
  bool via_api_token = false;
  std::string session_hash;  // the session's key in the store (empty for API tokens)
  std::string csrf_token;    // for forms on pages (empty for API tokens)

  bool may(store::Role needed) const { return static_cast<int>(role) >= static_cast<int>(needed); }
};

struct NewSessionTokens {
  std::string session_token;  // goes into the cookie, nowhere else
  std::string csrf_token;
};

class Authenticator {
 public:
  Authenticator(store::Store& store, const core::secrets::TokenHasher& hasher, const core::sys::Clock& clock)
      : store_(store), hasher_(hasher), clock_(clock) {}

  NewSessionTokens start_session(std::int64_t user_id, const std::string& client_address);
  void end_session(const Principal& principal);

  // The session of the request's cookie, or the API token of its Authorization header; nullopt when neither
  // is present and valid. Extends a session's expiry.
  std::optional<Principal> identify(const core::http::Request& request);

  // Whether a state-changing request may go ahead: always for API tokens, for sessions only with the
  // session's CSRF token in the form field `csrf` or the X-CSRF-Token header.
  bool csrf_ok(const Principal& principal, const core::http::Request& request) const;

  std::string csrf_for(std::string_view session_token) const;

 private:
  store::Store& store_;
  const core::secrets::TokenHasher& hasher_;
  const core::sys::Clock& clock_;
};

// The value of cookie `name` in a Cookie header, or empty.
std::string cookie_value(std::string_view cookie_header, std::string_view name);

// The Set-Cookie value for a session (empty token: a cookie that deletes it).
std::string session_cookie(std::string_view token, bool secure);

}  // namespace dcm::ipmi::web
