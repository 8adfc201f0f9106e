#include "ipmi/inventory/bmc_address.hpp"

#include <algorithm>
#include <cctype>

#include <arpa/inet.h>

#include "core/config/text.hpp"
#include "ipmi/inventory/field_error.hpp"

namespace dcm::ipmi::inventory {
namespace {

constexpr std::string_view kForms = "expected host, host:port, [v6]:port or https://host[:port]";

[[noreturn]] void fail(const std::string& reason) {
  throw FieldError("", reason);
}

bool is_ipv4(std::string_view text) {
  in_addr address{};
  return inet_pton(AF_INET, std::string(text).c_str(), &address) == 1;
}

bool is_ipv6(std::string_view text) {
  const auto percent = text.find('%');
  if (percent != std::string_view::npos) {
    const auto zone = text.substr(percent + 1);
    if (zone.empty() || !std::all_of(zone.begin(), zone.end(), [](unsigned char c) {
          return std::isalnum(c) || c == '.' || c == '_' || c == '-';
        })) {
      return false;
    }
    text = text.substr(0, percent);
  }
  in6_addr address{};
  return inet_pton(AF_INET6, std::string(text).c_str(), &address) == 1;
}

bool is_host_name(std::string_view name) {
  if (name.ends_with('.')) {
    name.remove_suffix(1);  // a fully qualified name
  }
  if (name.empty() || name.size() > 253) {
    return false;
  }
  bool all_numeric = true;
  std::size_t begin = 0;
  while (begin <= name.size()) {
    const auto end = std::min(name.find('.', begin), name.size());
    const auto label = name.substr(begin, end - begin);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (const unsigned char c : label) {
      if (!std::isalnum(c) && c != '-' && c != '_') {
        return false;
      }
    }
    all_numeric = all_numeric &&
                  std::all_of(label.begin(), label.end(), [](unsigned char c) { return std::isdigit(c); });
    begin = end + 1;
  }
  return !all_numeric;  // "10.0.0" is a broken address, not a name
}

int parse_port(std::string_view text) {
  const auto port = core::config::parse_int<int>(text);
  if (!port || *port < 1 || *port > 65535) {
    fail("invalid port '" + std::string(text) + "' (expected 1 to 65535)");
  }
  return *port;
}

void require_host(std::string_view host) {
  if (host.empty()) {
    fail(std::string("no host (") + std::string(kForms) + ")");
  }
  if (!is_valid_host(host)) {
    fail("invalid host '" + std::string(host) + "' (expected an IPv4 or IPv6 address or a host name)");
  }
}

// "[v6]" or "[v6]:port" or "host" or "host:port" (no scheme).
BmcAddress parse_authority(std::string_view text) {
  BmcAddress out;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) {
      fail("missing ']' after the IPv6 address (" + std::string(kForms) + ")");
    }
    const auto address = text.substr(1, close - 1);
    if (!is_ipv6(address)) {
      fail("invalid IPv6 address '" + std::string(address) + "'");
    }
    out.host = std::string(address);
    const auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) {
        fail("unexpected '" + std::string(rest) + "' after ']' (" + std::string(kForms) + ")");
      }
      out.port = parse_port(rest.substr(1));
    }
    return out;
  }
  const auto colons = std::count(text.begin(), text.end(), ':');
  if (colons >= 2) {
    if (!is_ipv6(text)) {
      fail("invalid IPv6 address '" + std::string(text) + "' (write [v6]:port to give a port)");
    }
    out.host = std::string(text);
    return out;
  }
  if (colons == 1) {
    const auto colon = text.find(':');
    require_host(text.substr(0, colon));
    out.host = std::string(text.substr(0, colon));
    out.port = parse_port(text.substr(colon + 1));
    return out;
  }
  require_host(text);
  out.host = std::string(text);
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

bool is_valid_host(std::string_view host) {
  return is_ipv4(host) || is_ipv6(host) || is_host_name(host);
}

std::string bracketed(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

BmcAddress parse_bmc_address(std::string_view text) {
  if (core::config::trim(text).empty()) {
    fail(std::string("empty (") + std::string(kForms) + ")");
  }
  if (core::config::trim(text) != text) {
    fail("leading or trailing spaces in '" + std::string(text) + "'");
  }
  if (const auto scheme_end = text.find("://"); scheme_end != std::string_view::npos) {
    const auto scheme = lower(text.substr(0, scheme_end));
    if (scheme == "http") {
      fail("http:// is not accepted: Redfish needs TLS (write https://host[:port])");
    }
    if (scheme != "https") {
      fail("unknown scheme '" + scheme + "://' (" + std::string(kForms) + ")");
    }
    auto rest = text.substr(scheme_end + 3);
    const auto path_start = rest.find_first_of("/?#");
    const auto authority = rest.substr(0, path_start);
    if (authority.find('@') != std::string_view::npos) {
      fail("credentials do not belong in the URL (use user and password)");
    }
    if (path_start != std::string_view::npos) {
      const auto path = rest.substr(path_start);
      if (path != "/" && path != "/redfish/v1" && path != "/redfish/v1/") {
        fail("unexpected path '" + std::string(path) +
             "' (expected https://host[:port]; /redfish/v1 is implied)");
      }
    }
    auto out = parse_authority(authority);
    out.is_url = true;
    return out;
  }
  return parse_authority(text);
}

}  // namespace dcm::ipmi::inventory
