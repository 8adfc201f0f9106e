// ipmi-monitor's web UI and JSON API (docs/ipmi-monitor/web.md): one call registers every page, API route
// and static file on the daemon's HTTP server.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/http/server.hpp"
#include "core/log/logging.hpp"
#include "core/secrets/password_hash.hpp"
#include "core/sys/clock.hpp"
#include "ipmi/engine/fleet_state.hpp"
#include "ipmi/store/store.hpp"

namespace dcm::ipmi::web {

struct WebContext {
  store::Store& store;
  const engine::FleetState& fleet;
  const core::sys::Clock& clock;
  std::vector<std::string> trusted_proxies;  // settings.trusted_proxies
  std::filesystem::path key_file;            // the daemon's secret.key (token hashes derive from it)
  core::log::Logger logger;
  // From IPMI_MONITOR_ADMIN_PASS: creates user "admin" at start when no user of that name exists.
  std::string initial_admin_password;
  core::secrets::PasswordHashCost password_cost = core::secrets::kDefaultPasswordCost;
};

// Throws SecretError naming the key file when it cannot be read.
void register_routes(core::http::Server& server, const WebContext& context);

}  // namespace dcm::ipmi::web
