#include "ipmi/inventory/server_settings.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/config/text.hpp"
#include "ipmi/inventory/bmc_address.hpp"
#include "ipmi/inventory/field_error.hpp"

namespace dcm::ipmi::inventory {
namespace {

// From FreeIPMI 1.6's man pages (ipmi-sensors(8), ipmi-sel(8), ipmipower(8), ipmiconsole(8),
// ipmi-config(8), bmc-info(8) ...): every name any of its tools accepts in --workaround-flags.
constexpr std::array<std::string_view, 33> kWorkaroundFlags = {
    "assumebmcowner",
    "assumeio",
    "assumemaxsdrrecordcount",
    "assumesystemevent",
    "authcap",
    "discretereading",
    "endianseq",
    "forcepermsg",
    "guidformat",
    "idzero",
    "ignoreauthcode",
    "ignorescanningdisabled",
    "integritycheckvalue",
    "intel20",
    "ipmiping",
    "malformedack",
    "noauthcodecheck",
    "nochecksumcheck",
    "opensesspriv",
    "serialalertsdeferred",
    "skipchecks",
    "slowcommit",
    "solchannelassumelanchannel",
    "solchannelsupport",
    "solpacketseq",
    "solpayloadsize",
    "solport",
    "solstatus",
    "spinpoll",
    "sun20",
    "supermicro20",
    "unexpectedauth",
    "veryslowcommit",
};

constexpr std::array<int, 12> kCipherSuites = {0, 1, 2, 3, 6, 7, 8, 11, 12, 15, 16, 17};

[[noreturn]] void fail(const std::string& reason) {
  throw FieldError("", reason);
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

}  // namespace

std::span<const std::string_view> workaround_flag_names() {
  return kWorkaroundFlags;
}

std::span<const int> supported_cipher_suites() {
  return kCipherSuites;
}

void check_server_name(std::string_view name) {
  if (name.empty()) {
    fail("empty (expected a unique server name)");
  }
  if (core::config::trim(name) != name) {
    fail("leading or trailing spaces in '" + std::string(name) + "'");
  }
  if (has_control(name)) {
    fail("control characters in the name");
  }
  if (name.size() > 128) {
    fail("longer than 128 characters");
  }
}

std::string name_key(std::string_view name) {
  return lower(name);
}

Protocol parse_protocol(std::string_view text) {
  const auto value = lower(core::config::trim(text));
  if (value == "ipmi") {
    return Protocol::kIpmi;
  }
  if (value == "redfish") {
    return Protocol::kRedfish;
  }
  if (value == "auto") {
    return Protocol::kAuto;
  }
  fail("invalid value '" + std::string(text) + "' (expected ipmi, redfish or auto)");
}

Privilege parse_privilege(std::string_view text) {
  const auto value = lower(core::config::trim(text));
  if (value == "user") {
    return Privilege::kUser;
  }
  if (value == "operator") {
    return Privilege::kOperator;
  }
  if (value == "admin" || value == "administrator") {
    return Privilege::kAdmin;
  }
  fail("invalid value '" + std::string(text) + "' (expected user, operator or admin)");
}

int parse_cipher_suite(std::string_view text) {
  std::string list;
  for (const int id : kCipherSuites) {
    list += (list.empty() ? "" : ", ") + std::to_string(id);
  }
  const auto id = core::config::parse_int<int>(core::config::trim(text));
  if (!id) {
    fail("invalid value '" + std::string(text) + "' (expected a cipher suite id: " + list + ")");
  }
  if (std::find(kCipherSuites.begin(), kCipherSuites.end(), *id) == kCipherSuites.end()) {
    fail("cipher suite " + std::to_string(*id) + " is not supported by FreeIPMI (supported: " + list + ")");
  }
  return *id;
}

std::vector<std::string> parse_workaround_flags(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& raw : names) {
    const auto name = lower(core::config::trim(raw));
    if (std::find(kWorkaroundFlags.begin(), kWorkaroundFlags.end(), name) == kWorkaroundFlags.end()) {
      std::string list;
      for (const auto flag : kWorkaroundFlags) {
        list += (list.empty() ? "" : ", ") + std::string(flag);
      }
      fail("unknown FreeIPMI workaround flag '" + raw + "' (known: " + list + ")");
    }
    if (std::find(out.begin(), out.end(), name) == out.end()) {
      out.push_back(name);
    }
  }
  return out;
}

std::chrono::milliseconds check_timeout(std::chrono::milliseconds timeout) {
  if (timeout < std::chrono::milliseconds(100) || timeout > std::chrono::minutes(5)) {
    fail("out of range (expected 100ms to 5m)");
  }
  return timeout;
}

void check_server_ip(std::string_view text) {
  if (!is_valid_host(text)) {
    fail("invalid address '" + std::string(text) + "' (expected an IPv4 or IPv6 address or a host name)");
  }
}

void check_tag(std::string_view key, std::string_view value) {
  const bool key_ok =
      !key.empty() && (std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_') &&
      std::all_of(key.begin(), key.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
  if (!key_ok) {
    fail("invalid tag name '" + std::string(key) +
         "' (expected letters, digits and _, not starting with a digit)");
  }
  if (has_control(value) || value.size() > 256) {
    fail("invalid tag value (expected at most 256 characters, no control characters)");
  }
}

ServerConfig resolve_server(const ServerEntry& entry, const ServerSettings& defaults,
                            const InventoryEnv& env) {
  const auto& own = entry.settings;
  ServerConfig out;
  out.name = entry.name;
  out.server_ip = entry.server_ip.value_or("");
  out.tags = entry.tags;
  out.protocol = own.protocol.value_or(defaults.protocol.value_or(Protocol::kIpmi));
  out.cipher_suite = own.cipher_suite.value_or(defaults.cipher_suite.value_or(out.cipher_suite));
  out.privilege = own.privilege.value_or(defaults.privilege.value_or(out.privilege));
  out.workaround_flags =
      own.workaround_flags.value_or(defaults.workaround_flags.value_or(out.workaround_flags));
  out.timeout = own.timeout.value_or(defaults.timeout.value_or(out.timeout));
  out.tls_verify = own.tls_verify.value_or(defaults.tls_verify.value_or(out.tls_verify));

  BmcAddress bmc;
  try {
    bmc = parse_bmc_address(entry.bmc);
  } catch (const FieldError& e) {
    throw FieldError("bmc", e.what());
  }
  if (bmc.is_url && out.protocol == Protocol::kIpmi) {
    throw FieldError("bmc", "a URL is for Redfish (set protocol: redfish or auto, or write host[:port])");
  }
  const int port = bmc.port != 0 ? bmc.port : (bmc.is_url ? 0 : defaults.port.value_or(0));
  out.bmc_host = bmc.host;
  // bmc_port is the port of the protocol the server is polled with; under `auto` a URL names the Redfish
  // endpoint and IPMI keeps its default port, while host:port names the IPMI port and Redfish is probed
  // on 443.
  const bool port_is_redfish =
      out.protocol == Protocol::kRedfish || (out.protocol == Protocol::kAuto && bmc.is_url);
  out.bmc_port = out.protocol == Protocol::kAuto && bmc.is_url ? 0 : port;
  if (out.protocol != Protocol::kIpmi) {
    out.redfish_url = "https://" + bracketed(bmc.host);
    if (port_is_redfish && port != 0) {
      out.redfish_url += ':';  // not ":" + to_string(): GCC 12 -O3 warns falsely (-Wrestrict) on that form
      out.redfish_url += std::to_string(port);
    }
  }

  auto user = own.user ? own.user : defaults.user ? defaults.user : env.user;
  auto password = own.password ? own.password : defaults.password ? defaults.password : env.password;
  if (!user) {
    throw MissingCredential("user");
  }
  if (!password) {
    throw MissingCredential("password");
  }
  out.user = std::move(*user);
  out.password = std::move(*password);
  return out;
}

}  // namespace dcm::ipmi::inventory
