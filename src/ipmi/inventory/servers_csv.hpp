// servers.csv: a BMC inventory exported from a spreadsheet, imported into ipmi-monitor's server list.
//
// The first record names the columns (any order, case-insensitive):
//   name, bmc                                     required
//   user, password, protocol, server_ip, cipher_suite, privilege, workaround_flags, timeout, tls_verify
//   site, rack, vendor, tag:<key>                 tags
// An empty cell is "not given": the defaults and the environment (IPMI_USER / IPMI_PASS) fill it as in
// servers.yaml. workaround_flags are separated by spaces, commas or semicolons. Unknown and repeated
// columns are errors. Errors read "file:line: column: reason", the line being where that cell starts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ipmi/inventory/server_settings.hpp"
#include "ipmi/model.hpp"

namespace dcm::ipmi::inventory {

std::vector<ServerConfig> parse_servers_csv(std::string_view text, const std::string& file_name,
                                            const InventoryEnv& env, const ServerSettings& defaults = {});

}  // namespace dcm::ipmi::inventory
