// servers.yaml: ipmi-monitor's BMC inventory (--servers FILE). The schema, exactly (unknown keys are
// errors; docs/ipmi-monitor/configuration.md documents every key):
//
//   defaults:                  # every key optional; a server's own key wins
//     user, password | password_file, protocol, port, cipher_suite, privilege, workaround_flags,
//     timeout, tls_verify
//   servers:
//     - name, bmc               # required
//       server_ip, protocol, user, password | password_file, cipher_suite, privilege,
//       workaround_flags, timeout, tls_verify, tags: {key: value}
//
// Every problem is a ConfigError "file:line: path: reason" ("servers.yaml:14: servers[2].bmc: invalid port
// '99999' (expected 1 to 65535)"); the daemon prints it and refuses to start. Password values never appear
// in an error.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "ipmi/inventory/server_settings.hpp"
#include "ipmi/model.hpp"

namespace dcm::ipmi::inventory {

// `file_name` appears in errors; a relative password_file is read from `base_dir`.
std::vector<ServerConfig> parse_servers_yaml(std::string_view text, const std::string& file_name,
                                             const InventoryEnv& env, const std::filesystem::path& base_dir);

// Reads `path` (a missing or unreadable file is an error naming it); password_file relative to its folder.
std::vector<ServerConfig> load_servers_yaml(const std::filesystem::path& path, const InventoryEnv& env);

}  // namespace dcm::ipmi::inventory
