// The secrets file beside fleet.yaml: .env (mode 0600, never in fleet.yaml, never printed) and its
// .env.example. docker compose reads .env; ipmi-monitor and the watchdog agent's enrollment use the same
// names as the seed's .env.example.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "overview/inventory.hpp"
#include "overview/output.hpp"

namespace dcm::overview {

struct Secret {
  std::string name;         // "GRAFANA_ADMIN_PASS"
  std::string description;  // one line for .env.example
  bool generated = false;   // init fills it with a random value; otherwise the operator does
};

// The secrets this fleet needs, in .env order.
std::vector<Secret> required_secrets(const Fleet& fleet);

// KEY=value lines; '#' comments and blank lines skipped; values may be quoted with ' or ".
std::map<std::string, std::string> parse_env(std::string_view text);

// Empty, or a placeholder from an example ("your_...", "changeme", "<...>").
bool is_placeholder(std::string_view value);

// Random printable secrets for init; injectable for tests.
using RandomToken = std::function<std::string(std::size_t length)>;
std::string system_random_token(std::size_t length);  // [A-Za-z0-9] from getrandom(2)

std::string render_env_example(const Fleet& fleet, const RenderContext& context);
// .env for a new fleet: generated secrets filled in, the others empty for the operator.
std::string render_env(const Fleet& fleet, const RenderContext& context, const RandomToken& random);

}  // namespace dcm::overview
