#include "overview/fleet_values.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include <arpa/inet.h>

#include "core/config/text.hpp"

namespace dcm::overview::fleet_values {
namespace {

// yaml-cpp keeps both entries of a repeated key and get() would silently use the first: refuse it.
void reject_duplicate_keys(const YamlNode& map) {
  std::map<std::string, int> seen;
  for (const auto& [key, child] : map.entries()) {
    auto [it, inserted] = seen.emplace(key, child.line());
    if (!inserted) {
      child.fail("duplicate key (first at line " + std::to_string(it->second) + ")");
    }
  }
}

}  // namespace

// A mapping section: known keys only, no key twice.
void check_section(const YamlNode& node, std::initializer_list<std::string_view> known) {
  if (!node.is_map()) {
    node.fail("expected a mapping of keys");
  }
  reject_duplicate_keys(node);
  node.allow_keys(known);
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 63 || !std::isalnum(static_cast<unsigned char>(name.front()))) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

std::string parse_name(const YamlNode& node) {
  auto name = node.as_string();
  if (!valid_name(name)) {
    node.fail("invalid name '" + name +
              "' (expected letters, digits, '.', '_' or '-', starting with a letter or digit, at most 63 "
              "characters)");
  }
  return name;
}

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253 || domain.find('.') == std::string_view::npos) {
    return false;
  }
  std::size_t start = 0;
  while (start <= domain.size()) {
    auto end = domain.find('.', start);
    auto label = domain.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
        return false;
      }
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return true;
}

std::string parse_domain(const YamlNode& node) {
  auto domain = node.as_string();
  if (!valid_domain(domain)) {
    node.fail("invalid domain name '" + domain + "' (expected e.g. grafana.example.com)");
  }
  return domain;
}

std::string parse_ip(const YamlNode& node, PrometheusRuntime runtime) {
  auto text = node.as_string();
  if (text == "localhost") {
    node.fail(
        "localhost is not an address (expected the host's IPv4 or IPv6 address; find it with hostname -I)");
  }
  unsigned char buffer[16];
  if (::inet_pton(AF_INET, text.c_str(), buffer) != 1 && ::inet_pton(AF_INET6, text.c_str(), buffer) != 1) {
    node.fail("invalid address '" + text + "' (expected an IPv4 or IPv6 address)");
  }
  if (text == "0.0.0.0" || text == "::") {
    node.fail(text + " is not an address a scraper can reach (expected the host's own address)");
  }
  if (runtime == PrometheusRuntime::kDocker && is_loopback_address(text)) {
    node.fail(text +
              " is the Prometheus container itself when Prometheus runs in Docker (prometheus.runs_in: "
              "docker); use the host's LAN address (hostname -I)");
  }
  return text;
}

int parse_port(const YamlNode& node) {
  return static_cast<int>(node.as_int(1, 65535));
}

std::chrono::seconds parse_interval(const YamlNode& node) {
  auto text = node.as_string();
  auto value = core::config::parse_duration(text);
  if (!value || value->count() % 1000 != 0 || *value < std::chrono::seconds(1) ||
      *value > std::chrono::hours(1)) {
    node.fail("invalid interval '" + text + "' (expected whole seconds from 1s to 1h, e.g. 15s)");
  }
  return std::chrono::duration_cast<std::chrono::seconds>(*value);
}

std::string parse_retention(const YamlNode& node) {
  auto text = node.as_string();
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
    ++digits;
  }
  static const std::set<std::string, std::less<>> kUnits = {"h", "d", "w", "y"};
  if (digits == 0 || kUnits.count(text.substr(digits)) == 0 || text.substr(0, digits) == "0") {
    node.fail("invalid retention '" + text + "' (expected a number and h, d, w or y, e.g. 30d)");
  }
  return text;
}

std::string parse_cidr(const YamlNode& node) {
  auto text = node.as_string();
  auto slash = text.find('/');
  bool ok = slash != std::string::npos;
  if (ok) {
    auto address = text.substr(0, slash);
    unsigned char buffer[16];
    bool v4 = ::inet_pton(AF_INET, address.c_str(), buffer) == 1;
    bool v6 = !v4 && ::inet_pton(AF_INET6, address.c_str(), buffer) == 1;
    auto bits = core::config::parse_int<int>(std::string_view(text).substr(slash + 1));
    ok = (v4 || v6) && bits && *bits >= 0 && *bits <= (v4 ? 32 : 128);
  }
  if (!ok) {
    node.fail("invalid network '" + text + "' (expected ADDRESS/BITS, e.g. 192.168.1.0/24)");
  }
  return text;
}

double parse_number(const YamlNode& node, double min, double max) {
  auto text = node.as_string();
  auto value = core::config::parse_double(core::config::trim(text));
  if (!value || !std::isfinite(*value) || *value < min || *value > max) {
    auto format = [](double v) {
      auto s = std::to_string(v);
      s.erase(s.find_last_not_of('0') + 1);
      if (s.back() == '.') {
        s.pop_back();
      }
      return s;
    };
    node.fail("invalid value '" + text + "' (expected a number from " + format(min) + " to " + format(max) +
              ")");
  }
  return *value;
}

}  // namespace dcm::overview::fleet_values
