// What servers.yaml and servers.csv have in common: the settings a `defaults:` block and a server entry
// may give, the checks on each value, and how a server entry, the defaults and the environment
// (IPMI_USER, IPMI_PASS) combine into one ServerConfig. The file formats only find the values and say
// where they were.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ipmi/model.hpp"

namespace dcm::ipmi::inventory {

// Defaults from the environment: main() fills these from IPMI_USER and IPMI_PASS (an empty variable counts
// as unset); nothing in the inventory code reads the environment itself.
struct InventoryEnv {
  std::optional<std::string> user;
  std::optional<std::string> password;
};

// Keys a `defaults:` block or a server entry may set; nullopt: not given there.
struct ServerSettings {
  std::optional<std::string> user;
  std::optional<std::string> password;  // from `password`, or the one line of `password_file`
  std::optional<Protocol> protocol;
  std::optional<int> port;  // defaults only: the port of a `bmc` host given without one (not of a URL)
  std::optional<int> cipher_suite;
  std::optional<Privilege> privilege;
  std::optional<std::vector<std::string>> workaround_flags;
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<bool> tls_verify;
};

struct ServerEntry {
  std::string name;
  std::string bmc;
  std::optional<std::string> server_ip;
  std::map<std::string, std::string> tags;
  ServerSettings settings;
};

// FreeIPMI's workaround flag names, as its tools' --workaround-flags and ipmi_exporter's
// workaround_flags spell them (the union over FreeIPMI's tools, from their man pages).
std::span<const std::string_view> workaround_flag_names();
// IPMI 2.0 cipher suite ids FreeIPMI supports.
std::span<const int> supported_cipher_suites();

// Value checks; each throws FieldError("", reason).
void check_server_name(std::string_view name);
// What two names must not share: names are unique ignoring ASCII case, as the store keeps them.
std::string name_key(std::string_view name);
Protocol parse_protocol(std::string_view text);
Privilege parse_privilege(std::string_view text);
int parse_cipher_suite(std::string_view text);
// Names in any case, returned in lower case; a list with duplicates keeps the first.
std::vector<std::string> parse_workaround_flags(const std::vector<std::string>& names);
std::chrono::milliseconds check_timeout(std::chrono::milliseconds timeout);
void check_server_ip(std::string_view text);
void check_tag(std::string_view key, std::string_view value);

// The server's key wins over defaults, defaults over the environment; `bmc` is parsed against the
// protocol. Throws FieldError naming the field ("bmc"), or MissingCredential.
ServerConfig resolve_server(const ServerEntry& entry, const ServerSettings& defaults,
                            const InventoryEnv& env);

}  // namespace dcm::ipmi::inventory
