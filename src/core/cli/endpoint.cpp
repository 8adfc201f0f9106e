#include "core/cli/endpoint.hpp"

#include <stdexcept>

#include "core/config/text.hpp"

namespace dcm::core::cli {
namespace {

int parse_port(std::string_view text, std::string_view whole) {
  auto port = config::parse_int<int>(text);
  if (!port || *port < 0 || *port > 65535) {
    throw std::invalid_argument("invalid listen address '" + std::string(whole) +
                                "' (expected HOST:PORT with PORT from 0 to 65535)");
  }
  return *port;
}

}  // namespace

std::string Endpoint::to_string() const {
  if (host.find(':') != std::string::npos) {
    return "[" + host + "]:" + std::to_string(port);
  }
  return host + ":" + std::to_string(port);
}

Endpoint parse_endpoint(std::string_view text) {
  if (text.empty()) {
    throw std::invalid_argument("empty listen address (expected HOST:PORT)");
  }
  if (text.front() == '[') {
    auto close = text.find("]:");
    if (close == std::string_view::npos) {
      throw std::invalid_argument("invalid listen address '" + std::string(text) +
                                  "' (expected [IPV6]:PORT)");
    }
    return Endpoint{std::string(text.substr(1, close - 1)), parse_port(text.substr(close + 2), text)};
  }
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return Endpoint{"0.0.0.0", parse_port(text, text)};
  }
  std::string host(text.substr(0, colon));
  if (host.find(':') != std::string::npos) {
    throw std::invalid_argument("invalid listen address '" + std::string(text) +
                                "' (write IPv6 addresses in brackets: [::1]:PORT)");
  }
  return Endpoint{host.empty() ? "0.0.0.0" : host, parse_port(text.substr(colon + 1), text)};
}

}  // namespace dcm::core::cli
