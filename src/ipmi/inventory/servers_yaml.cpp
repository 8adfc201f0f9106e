#include "ipmi/inventory/servers_yaml.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include "core/config/config_error.hpp"
#include "core/config/yaml_reader.hpp"
#include "core/secrets/secret_error.hpp"
#include "core/secrets/secret_file.hpp"
#include "ipmi/inventory/field_error.hpp"

namespace dcm::ipmi::inventory {
namespace {

using core::config::YamlNode;

// Runs a value check and reports its FieldError at `node`.
template <typename Check>
auto at(const YamlNode& node, Check&& check) {
  try {
    return check();
  } catch (const FieldError& e) {
    node.fail(e.what());
  }
}

// yaml-cpp keeps both entries of a repeated key; the later one would silently win.
void reject_repeated_keys(const YamlNode& map) {
  std::map<std::string, int> seen;
  for (const auto& [key, child] : map.entries()) {
    if (auto [it, fresh] = seen.emplace(key, child.line()); !fresh) {
      child.fail("repeated key (first at line " + std::to_string(it->second) + ")");
    }
  }
}

void check_map(const YamlNode& node, std::initializer_list<std::string_view> keys,
               const std::string& expected) {
  if (!node.is_map()) {
    node.fail("expected " + expected);
  }
  node.allow_keys(keys);
  reject_repeated_keys(node);
}

std::vector<std::string> string_list(const YamlNode& node) {
  if (node.is_scalar()) {
    // "opensesspriv,idzero" as FreeIPMI's -W takes it
    std::vector<std::string> out;
    const auto text = node.as_string();
    std::size_t begin = 0;
    while (begin <= text.size()) {
      const auto end = std::min(text.find(',', begin), text.size());
      out.push_back(text.substr(begin, end - begin));
      begin = end + 1;
    }
    return out;
  }
  return node.as_string_list();
}

// The keys a defaults: block and a server entry share.
ServerSettings read_settings(const YamlNode& block, const std::filesystem::path& base_dir) {
  ServerSettings out;
  if (auto node = block.get("user"); node.defined()) {
    out.user = node.as_string();
  }
  const auto password = block.get("password");
  const auto password_file = block.get("password_file");
  if (password.defined() && password_file.defined()) {
    password_file.fail("give password or password_file, not both");
  }
  if (password.defined()) {
    out.password = password.as_string();
  }
  if (password_file.defined()) {
    const auto written = password_file.as_string();
    auto path = std::filesystem::path(written);
    if (path.is_relative()) {
      path = base_dir / path;
    }
    try {
      out.password = core::secrets::read_secret_file(path);
    } catch (const core::secrets::SecretError& e) {
      // Name the file as written (relative to servers.yaml's folder) rather than as resolved.
      std::string reason = e.what();
      if (reason.starts_with(path.string() + ": ")) {
        reason = "'" + written + "' " + reason.substr(path.string().size() + 2);
      }
      password_file.fail(reason);
    }
  }
  if (auto node = block.get("protocol"); node.defined()) {
    out.protocol = at(node, [&] { return parse_protocol(node.as_string()); });
  }
  if (auto node = block.get("cipher_suite"); node.defined()) {
    out.cipher_suite = at(node, [&] { return parse_cipher_suite(node.as_string()); });
  }
  if (auto node = block.get("privilege"); node.defined()) {
    out.privilege = at(node, [&] { return parse_privilege(node.as_string()); });
  }
  if (auto node = block.get("workaround_flags"); node.defined()) {
    out.workaround_flags = at(node, [&] { return parse_workaround_flags(string_list(node)); });
  }
  if (auto node = block.get("timeout"); node.defined()) {
    out.timeout = at(node, [&] { return check_timeout(node.as_duration()); });
  }
  if (auto node = block.get("tls_verify"); node.defined()) {
    out.tls_verify = node.as_bool();
  }
  return out;
}

ServerSettings read_defaults(const YamlNode& node, const std::filesystem::path& base_dir) {
  check_map(node,
            {"user", "password", "password_file", "protocol", "port", "cipher_suite", "privilege",
             "workaround_flags", "timeout", "tls_verify"},
            "a mapping of settings (user: ..., protocol: ...)");
  auto out = read_settings(node, base_dir);
  if (auto port = node.get("port"); port.defined()) {
    out.port = static_cast<int>(port.as_int(1, 65535));
  }
  return out;
}

std::map<std::string, std::string> read_tags(const YamlNode& node) {
  if (!node.is_map()) {
    node.fail("expected a mapping of tags ({site: jhb1, rack: r12})");
  }
  reject_repeated_keys(node);
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : node.entries()) {
    if (!value.defined()) {
      value.fail("no value");
    }
    const auto text = value.as_string();
    at(value, [&] {
      check_tag(key, text);
      return 0;
    });
    out.emplace(key, text);
  }
  return out;
}

}  // namespace

std::vector<ServerConfig> parse_servers_yaml(std::string_view text, const std::string& file_name,
                                             const InventoryEnv& env, const std::filesystem::path& base_dir) {
  const auto root = core::config::parse_yaml(text, file_name);
  if (!root.defined()) {
    return {};  // an empty file: no servers yet
  }
  check_map(root, {"defaults", "servers"}, "a mapping with the keys defaults: and servers:");

  ServerSettings defaults;
  if (auto node = root.get("defaults"); node.defined()) {
    defaults = read_defaults(node, base_dir);
  }

  std::vector<ServerConfig> out;
  const auto servers = root.get("servers");
  if (!servers.defined()) {
    return out;
  }
  if (!servers.is_sequence()) {
    servers.fail("expected a list of servers (- name: ..., bmc: ...)");
  }
  std::map<std::string, int> names;
  for (const auto& item : servers.items()) {
    check_map(item,
              {"name", "bmc", "server_ip", "protocol", "user", "password", "password_file", "cipher_suite",
               "privilege", "workaround_flags", "timeout", "tls_verify", "tags"},
              "a server (name: ..., bmc: ...)");
    ServerEntry entry;
    const auto name = item.require("name");
    entry.name = name.as_string();
    at(name, [&] {
      check_server_name(entry.name);
      return 0;
    });
    if (auto [it, fresh] = names.emplace(name_key(entry.name), name.line()); !fresh) {
      name.fail("duplicate name '" + entry.name + "' (first at line " + std::to_string(it->second) +
                "; names are compared ignoring case)");
    }
    const auto bmc = item.require("bmc");
    entry.bmc = bmc.as_string();
    if (auto node = item.get("server_ip"); node.defined()) {
      entry.server_ip = node.as_string();
      at(node, [&] {
        check_server_ip(*entry.server_ip);
        return 0;
      });
    }
    if (auto node = item.get("tags"); node.defined()) {
      entry.tags = read_tags(node);
    }
    entry.settings = read_settings(item, base_dir);
    try {
      out.push_back(resolve_server(entry, defaults, env));
    } catch (const MissingCredential& e) {
      item.fail(e.credential() == "user"
                    ? "no user (set user here or in defaults:, or IPMI_USER in the environment)"
                    : "no password (set password or password_file here or in defaults:, or IPMI_PASS in the "
                      "environment)");
    } catch (const FieldError& e) {
      const auto field = e.field().empty() ? item : item.get(e.field());
      (field.defined() ? field : item).fail(e.what());
    }
  }
  return out;
}

std::vector<ServerConfig> load_servers_yaml(const std::filesystem::path& path, const InventoryEnv& env) {
  std::ifstream probe(path);
  if (!probe) {
    throw core::config::ConfigError(path.string(), 0, "cannot be read (missing, or check its permissions)");
  }
  std::stringstream text;
  text << probe.rdbuf();
  return parse_servers_yaml(text.str(), path.string(), env,
                            path.has_parent_path() ? path.parent_path() : ".");
}

}  // namespace dcm::ipmi::inventory
