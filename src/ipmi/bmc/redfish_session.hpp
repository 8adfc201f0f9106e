// How ipmi-monitor talks to one Redfish service: the base URL, the service root, authentication and the
// error vocabulary. Authentication: POST {UserName, Password} to the service root's Links.Sessions
// (DSP0266 session login) and send the X-Auth-Token it returns; when the service offers no session login
// (no token, 404/405/501 ...) fall back to basic authentication. A 401 on a session token logs in again once,
// then gives up with "authentication failed". logout() DELETEs the session.
//
// Every failure is a BmcError whose text names what failed and where, and never the password or the token:
// "timeout after 5 s (GET /redfish/v1/Systems/1)", "HTTP 500 from /redfish/v1/Systems/1",
// "invalid JSON from /redfish/v1/Chassis/1/Thermal (...)", "authentication failed (...)".
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ipmi/bmc/bmc_client.hpp"
#include "ipmi/bmc/http_multi.hpp"
#include "ipmi/bmc/task.hpp"
#include "ipmi/model.hpp"

namespace dcm::ipmi::bmc::redfish {

// "https://host[:port]" from ServerConfig (its redfish_url when given, else the BMC host and port).
std::string base_url(const ServerConfig& config);

class Session {
 public:
  enum class Auth { kNone, kSession, kBasic };

  Session(const ServerConfig& config, HttpMulti& http);

  // The service root (GET /redfish/v1, no credentials), fetched once and kept.
  Task<nlohmann::json> service_root();
  // An authenticated GET that must answer 200 with a JSON object.
  Task<nlohmann::json> get_json(std::string path);
  // An authenticated request whose status the caller judges; transport failures and authentication
  // failures throw.
  Task<HttpResponse> send(std::string method, std::string path, std::string body);
  // DELETEs the session, if there is one. Never throws.
  Task<void> logout();

  Auth auth() const { return auth_; }
  const std::string& url() const { return base_; }
  // The failure for a response that did not transfer (timeout, refused, TLS ...).
  BmcError transport_error(const HttpResponse& response, std::string_view method,
                           std::string_view path) const;

 private:
  Task<void> login();
  Task<HttpResponse> raw(std::string method, std::string path, std::string body, bool with_credentials);

  const ServerConfig& config_;
  HttpMulti& http_;
  std::string base_;
  std::optional<nlohmann::json> root_;
  Auth auth_ = Auth::kNone;
  std::string token_;
  std::string session_path_;
};

// "/redfish/v1/Systems/1" from an @odata.id or a Location header that may be a full URL of the same service.
// Throws BmcError (kProtocol) for a link to another host: credentials go to their own BMC only.
std::string same_service_path(const std::string& base_url, const std::string& link);

}  // namespace dcm::ipmi::bmc::redfish
