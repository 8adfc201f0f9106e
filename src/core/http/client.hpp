// A small blocking HTTP client over libcurl's easy interface, for low-rate calls such as notifications
// (Telegram, webhooks). Fleet polling (Redfish) uses the multi interface elsewhere.
//
// Every call has a connect timeout and a total timeout; redirects are not followed; only http and https
// are spoken; the response body is capped. Transport errors name the peer as scheme://host:port only: a
// URL's path, query and user info may hold a secret (a Telegram bot token, a webhook key) and never
// appear in an error.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dcm::core::http {

struct ClientRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // {"Content-Type", "application/json"}
  std::string body;
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds timeout{10'000};  // the whole call, connection included
  bool tls_verify = true;                     // false accepts any certificate (a BMC's self-signed one)
  std::size_t max_response_bytes = 1024 * 1024;
};

struct ClientResponse {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case, in order received

  // The first header of that name (case-insensitive); nullopt when absent.
  std::optional<std::string> header(std::string_view name) const;
};

// The call did not produce an HTTP response.
class TransportError : public std::runtime_error {
 public:
  enum class Kind { kTimeout, kConnect, kTls, kTooLarge, kBadUrl, kOther };
  TransportError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// "https://api.example.org:443" for any URL libcurl can parse; "(invalid URL)" otherwise. What errors
// and logs may show of a URL.
std::string url_origin(const std::string& url);

class Client {
 public:
  Client();
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Performs one call; any HTTP status is a response. Throws TransportError ("ORIGIN: what failed").
  // Connections are kept and reused by later calls. Not thread-safe: one Client per thread.
  ClientResponse perform(const ClientRequest& request);

 private:
  void* handle_;  // CURL*
};

}  // namespace dcm::core::http
