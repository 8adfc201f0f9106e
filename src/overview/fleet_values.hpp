// The values of fleet.yaml, parsed strictly: each parser returns the value or fails with
// "file:line: path: reason (expected ...)" through core/config/yaml_reader.
#pragma once

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "core/config/yaml_reader.hpp"
#include "overview/inventory.hpp"

namespace dcm::overview::fleet_values {

using core::config::YamlNode;

// A mapping section: only `known` keys, none twice (yaml-cpp would silently use the first of two).
void check_section(const YamlNode& node, std::initializer_list<std::string_view> known);

// Letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters.
bool valid_name(std::string_view name);
std::string parse_name(const YamlNode& node);
bool valid_domain(std::string_view domain);
std::string parse_domain(const YamlNode& node);
// An IPv4 or IPv6 literal; loopback addresses only when Prometheus does not run in Docker.
std::string parse_ip(const YamlNode& node, PrometheusRuntime runtime);
int parse_port(const YamlNode& node);
std::chrono::seconds parse_interval(const YamlNode& node);  // whole seconds, 1s to 1h
std::string parse_retention(const YamlNode& node);          // "30d": a number and h, d, w or y
std::string parse_cidr(const YamlNode& node);               // "192.168.1.0/24"
double parse_number(const YamlNode& node, double min, double max);

// One of `choices` by its fleet.yaml spelling; the message lists them all.
template <typename Enum>
Enum parse_choice(const YamlNode& node, std::initializer_list<std::pair<std::string_view, Enum>> choices) {
  auto text = node.as_string();
  std::string expected;
  std::size_t index = 0;
  for (const auto& [name, value] : choices) {
    if (name == text) {
      return value;
    }
    expected += index == 0 ? "" : index + 1 == choices.size() ? " or " : ", ";
    expected += name;
    ++index;
  }
  node.fail("invalid value '" + text + "' (expected " + expected + ")");
}

}  // namespace dcm::overview::fleet_values
