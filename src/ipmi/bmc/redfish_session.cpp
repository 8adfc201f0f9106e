#include "ipmi/bmc/redfish_session.hpp"

namespace dcm::ipmi::bmc::redfish {
namespace {

using nlohmann::json;

constexpr std::string_view kServiceRoot = "/redfish/v1";
// DSP0266: the session login URI every service has, used when the root names none.
constexpr std::string_view kSessionsFallback = "/redfish/v1/SessionService/Sessions";

// The "message" of a Redfish error body, cut short: BMC-supplied text for a log line, escaped where shown.
std::string error_message(const std::string& body) {
  const json document = json::parse(body, nullptr, false);
  if (!document.is_object() || !document.contains("error") || !document["error"].is_object()) {
    return {};
  }
  const json& error = document["error"];
  std::string message;
  if (error.contains("@Message.ExtendedInfo") && error["@Message.ExtendedInfo"].is_array() &&
      !error["@Message.ExtendedInfo"].empty() && error["@Message.ExtendedInfo"][0].is_object()) {
    const json& first = error["@Message.ExtendedInfo"][0];
    if (first.contains("Message") && first["Message"].is_string()) {
      message = first["Message"].get<std::string>();
    }
  }
  if (message.empty() && error.contains("message") && error["message"].is_string()) {
    message = error["message"].get<std::string>();
  }
  if (message.size() > 160) {
    message = message.substr(0, 160) + "...";
  }
  return message;
}

}  // namespace

std::string base_url(const ServerConfig& config) {
  std::string url = config.redfish_url;
  if (url.empty()) {
    // Appended piece by piece: GCC 12's -O2 -Wrestrict misfires on "literal" + std::string.
    const bool v6 = config.bmc_host.find(':') != std::string::npos;
    url = "https://";
    url += v6 ? "[" : "";
    url += config.bmc_host;
    url += v6 ? "]" : "";
    if (config.bmc_port != 0) {
      url += ':';
      url += std::to_string(config.bmc_port);
    }
  }
  while (!url.empty() && url.back() == '/') {
    url.pop_back();
  }
  return url;
}

std::string same_service_path(const std::string& base_url, const std::string& link) {
  if (link.starts_with("/")) {
    return link;
  }
  if (link.starts_with(base_url + "/")) {
    return link.substr(base_url.size());
  }
  throw BmcError(BmcError::Kind::kProtocol, "link outside this BMC refused: " + link.substr(0, 120));
}

Session::Session(const ServerConfig& config, HttpMulti& http)
    : config_(config), http_(http), base_(base_url(config)) {}

BmcError Session::transport_error(const HttpResponse& response, std::string_view method,
                                  std::string_view path) const {
  const std::string where = " (" + std::string(method) + " " + std::string(path) + ")";
  switch (response.error) {
    case HttpError::kTimeout:
      return BmcError(BmcError::Kind::kTimeout,
                      "timeout after " + describe_duration(config_.timeout) + where);
    case HttpError::kTls:
      return BmcError(BmcError::Kind::kConnection, "TLS failed: " + response.error_text + where);
    case HttpError::kTruncated:
      return BmcError(BmcError::Kind::kProtocol,
                      "truncated response from " + std::string(path) + " (" + response.error_text + ")");
    case HttpError::kTooLarge:
      return BmcError(BmcError::Kind::kProtocol, response.error_text + " from " + std::string(path));
    default:
      return BmcError(BmcError::Kind::kConnection, response.error_text + where);
  }
}

Task<HttpResponse> Session::raw(std::string method, std::string path, std::string body,
                                bool with_credentials) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = base_ + path;
  request.timeout = config_.timeout;
  request.tls_verify = config_.tls_verify;
  request.body = std::move(body);
  request.headers.emplace_back("Accept: application/json");
  request.headers.emplace_back("OData-Version: 4.0");
  if (!request.body.empty()) {
    request.headers.emplace_back("Content-Type: application/json");
  }
  if (with_credentials) {
    if (auth_ == Auth::kSession) {
      request.headers.push_back("X-Auth-Token: " + token_);
    } else if (auth_ == Auth::kBasic) {
      request.basic_user = config_.user;
      request.basic_password = config_.password;
    }
  }
  co_return co_await http_.async_fetch(std::move(request));
}

Task<json> Session::service_root() {
  if (!root_) {
    const std::string path(kServiceRoot);
    const std::string method = "GET";
    const std::string no_body;  // named: GCC 12 mishandles prvalue arguments of a coroutine in co_await
    const HttpResponse response = co_await raw(method, path, no_body, false);
    if (!response.transferred()) {
      throw transport_error(response, "GET", path);
    }
    if (response.status == 401 || response.status == 403) {
      // Some services want credentials even for the root: log in (at the DSP0266 session URI) first, then
      // ask again. The placeholder keeps send() from coming back here.
      root_ = json::object();
      co_await login();
      root_ = co_await get_json(path);
      co_return *root_;
    }
    if (response.status != 200) {
      throw BmcError(BmcError::Kind::kProtocol, "HTTP " + std::to_string(response.status) + " from " + path);
    }
    json document = json::parse(response.body, nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
      throw BmcError(BmcError::Kind::kProtocol,
                     "invalid JSON from " + path + " (not a Redfish service root)");
    }
    root_ = std::move(document);
  }
  co_return *root_;
}

Task<void> Session::login() {
  std::string sessions(kSessionsFallback);
  if (root_ && root_->contains("Links") && (*root_)["Links"].is_object() &&
      (*root_)["Links"].contains("Sessions") && (*root_)["Links"]["Sessions"].is_object() &&
      (*root_)["Links"]["Sessions"].value("@odata.id", "").starts_with("/")) {
    sessions = (*root_)["Links"]["Sessions"]["@odata.id"].get<std::string>();
  }
  const std::string body = json{{"UserName", config_.user}, {"Password", config_.password}}.dump();
  auth_ = Auth::kNone;
  const std::string method = "POST";
  const HttpResponse response = co_await raw(method, sessions, body, false);
  if (!response.transferred()) {
    throw transport_error(response, "POST", sessions);
  }
  if (response.status == 401 || response.status == 403) {
    throw BmcError(
        BmcError::Kind::kAuthentication,
        "authentication failed (HTTP " + std::to_string(response.status) + " from POST " + sessions + ")");
  }
  const std::string token = response.header("x-auth-token");
  if ((response.status == 200 || response.status == 201) && !token.empty()) {
    auth_ = Auth::kSession;
    token_ = token;
    std::string location = response.header("location");
    if (location.empty()) {
      const json document = json::parse(response.body, nullptr, false);
      if (document.is_object() && document.contains("@odata.id") && document["@odata.id"].is_string()) {
        location = document["@odata.id"].get<std::string>();
      }
    }
    try {
      session_path_ = location.empty() ? std::string() : same_service_path(base_, location);
    } catch (const BmcError&) {
      session_path_.clear();
    }
    co_return;
  }
  // No session login on this service (404, 405, 500, 501, no token): basic authentication on every request.
  auth_ = Auth::kBasic;
}

Task<HttpResponse> Session::send(std::string method, std::string path, std::string body) {
  if (!root_) {
    co_await service_root();
  }
  if (auth_ == Auth::kNone) {
    co_await login();
  }
  HttpResponse response = co_await raw(method, path, body, true);
  if (response.transferred() && response.status == 401 && auth_ == Auth::kSession) {
    // The session expired or the BMC restarted: log in once more and try again.
    token_.clear();
    session_path_.clear();
    co_await login();
    response = co_await raw(method, path, body, true);
  }
  if (!response.transferred()) {
    throw transport_error(response, method, path);
  }
  if (response.status == 401 || response.status == 403) {
    throw BmcError(BmcError::Kind::kAuthentication,
                   "authentication failed (HTTP " + std::to_string(response.status) + " from " + path + ")");
  }
  co_return response;
}

Task<json> Session::get_json(std::string path) {
  const std::string method = "GET";
  const std::string no_body;
  const HttpResponse response = co_await send(method, path, no_body);
  if (response.status != 200) {
    std::string reason = "HTTP " + std::to_string(response.status) + " from " + path;
    if (const auto message = error_message(response.body); !message.empty()) {
      reason += ": " + message;
    }
    throw BmcError(BmcError::Kind::kProtocol, reason);
  }
  json document;
  try {
    document = json::parse(response.body);
  } catch (const json::parse_error& e) {
    throw BmcError(BmcError::Kind::kProtocol, "invalid JSON from " + path + " (parse error at byte " +
                                                  std::to_string(e.byte) + " of " +
                                                  std::to_string(response.body.size()) + ")");
  }
  if (!document.is_object()) {
    throw BmcError(BmcError::Kind::kProtocol, "invalid JSON from " + path + " (expected an object, got " +
                                                  std::string(document.type_name()) + ")");
  }
  co_return document;
}

Task<void> Session::logout() {
  if (auth_ == Auth::kSession && !session_path_.empty()) {
    try {
      const std::string method = "DELETE";
      const std::string no_body;
      co_await raw(method, session_path_, no_body, true);
    } catch (...) {
    }
  }
  auth_ = Auth::kNone;
  token_.clear();
  session_path_.clear();
}

}  // namespace dcm::ipmi::bmc::redfish
