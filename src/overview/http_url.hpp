// The pieces of an http(s) URL that a scrape job needs (scheme, host:port, path).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dcm::overview {

struct HttpUrl {
  std::string scheme;     // "http" or "https"
  std::string host_port;  // "watchdog.example.com", "10.0.0.5:5001", "[fd00::5]:5001"
  std::string path;       // "" or "/prefix" (no trailing slash)
};

// nullopt unless `url` is http:// or https:// followed by a host; no user info, query or fragment.
std::optional<HttpUrl> split_http_url(std::string_view url);

}  // namespace dcm::overview
