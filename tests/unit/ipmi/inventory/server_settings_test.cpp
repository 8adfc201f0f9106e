#include "ipmi/inventory/server_settings.hpp"

#include <gtest/gtest.h>

#include "ipmi/inventory/field_error.hpp"
#include "tests/support/process.hpp"

namespace dcm::ipmi::inventory {
namespace {

ServerEntry entry(std::string bmc, std::optional<Protocol> protocol = std::nullopt) {
  ServerEntry out;
  out.name = "n";
  out.bmc = std::move(bmc);
  out.settings.protocol = protocol;
  out.settings.user = "u";
  out.settings.password = "p";
  return out;
}

TEST(ResolveServer, PlacesTheBmcPortByProtocol) {
  const struct {
    std::string bmc;
    std::optional<Protocol> protocol;
    int port;
    std::string redfish_url;
    std::string label;
  } cases[] = {
      {"10.0.0.1", Protocol::kIpmi, 0, "", "10.0.0.1:623"},
      {"10.0.0.1:6230", Protocol::kIpmi, 6230, "", "10.0.0.1:6230"},
      {"10.0.0.1", Protocol::kRedfish, 0, "https://10.0.0.1", "10.0.0.1:443"},
      {"10.0.0.1:8443", Protocol::kRedfish, 8443, "https://10.0.0.1:8443", "10.0.0.1:8443"},
      {"https://10.0.0.1:8443", Protocol::kRedfish, 8443, "https://10.0.0.1:8443", "10.0.0.1:8443"},
      {"[fd00::1]:8443", Protocol::kRedfish, 8443, "https://[fd00::1]:8443", "[fd00::1]:8443"},
      // auto: host:port is the IPMI port and Redfish is probed on 443; a URL names Redfish, IPMI keeps 623.
      {"10.0.0.1:6230", Protocol::kAuto, 6230, "https://10.0.0.1", "10.0.0.1:6230"},
      {"https://10.0.0.1:8443", Protocol::kAuto, 0, "https://10.0.0.1:8443", "10.0.0.1:623"},
      {"10.0.0.1", std::nullopt, 0, "", "10.0.0.1:623"},
  };
  for (const auto& c : cases) {
    const auto server = resolve_server(entry(c.bmc, c.protocol), {}, {});
    EXPECT_EQ(server.bmc_port, c.port) << c.bmc;
    EXPECT_EQ(server.redfish_url, c.redfish_url) << c.bmc;
    EXPECT_EQ(server.bmc_label(), c.label) << c.bmc;
  }
}

TEST(ResolveServer, ServerWinsOverDefaultsAndDefaultsOverTheEnvironment) {
  ServerSettings defaults;
  defaults.user = "default-user";
  defaults.port = 6230;
  defaults.timeout = std::chrono::seconds(9);
  defaults.workaround_flags = std::vector<std::string>{"opensesspriv"};
  const InventoryEnv env{"env-user", "env-pass"};

  ServerEntry bare;
  bare.name = "a";
  bare.bmc = "10.0.0.1";
  auto server = resolve_server(bare, defaults, env);
  EXPECT_EQ(server.user, "default-user");
  EXPECT_EQ(server.password, "env-pass");
  EXPECT_EQ(server.bmc_port, 6230);
  EXPECT_EQ(server.timeout, std::chrono::seconds(9));
  EXPECT_EQ(server.workaround_flags, std::vector<std::string>{"opensesspriv"});
  EXPECT_EQ(server.cipher_suite, 3);
  EXPECT_EQ(server.privilege, Privilege::kAdmin);
  EXPECT_TRUE(server.tls_verify);

  bare.settings.user = "";  // an explicit empty user: IPMI's null user
  bare.settings.workaround_flags = std::vector<std::string>{};
  bare.bmc = "10.0.0.1:623";
  server = resolve_server(bare, defaults, env);
  EXPECT_EQ(server.user, "");
  EXPECT_TRUE(server.workaround_flags.empty());
  EXPECT_EQ(server.bmc_port, 623);

  bare.bmc = "https://10.0.0.1";
  bare.settings.protocol = Protocol::kRedfish;
  EXPECT_EQ(resolve_server(bare, defaults, env).redfish_url, "https://10.0.0.1")
      << "defaults.port is no URL port";
}

TEST(ResolveServer, MissingCredentialsAreErrorsOfTheEntry) {
  ServerEntry bare;
  bare.name = "a";
  bare.bmc = "10.0.0.1";
  try {
    resolve_server(bare, {}, InventoryEnv{std::nullopt, "p"});
    FAIL();
  } catch (const MissingCredential& e) {
    EXPECT_EQ(e.credential(), "user");
  }
  try {
    bare.bmc = "10.0.0.1:x";
    resolve_server(bare, {}, InventoryEnv{"u", "p"});
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "bmc");
  }
}

TEST(ServerSettingsValues, AcceptKnownValuesInAnyCase) {
  EXPECT_EQ(parse_protocol("Redfish"), Protocol::kRedfish);
  EXPECT_EQ(parse_privilege("OPERATOR"), Privilege::kOperator);
  EXPECT_EQ(parse_privilege("administrator"), Privilege::kAdmin);
  EXPECT_EQ(parse_cipher_suite("17"), 17);
  EXPECT_EQ(parse_workaround_flags({"OpenSessPriv", "idzero", "opensesspriv"}),
            (std::vector<std::string>{"opensesspriv", "idzero"}));
  EXPECT_THROW(parse_cipher_suite("4"), FieldError);
  EXPECT_THROW(parse_cipher_suite("-1"), FieldError);
  EXPECT_THROW(check_timeout(std::chrono::milliseconds(50)), FieldError);
  EXPECT_THROW(check_timeout(std::chrono::minutes(6)), FieldError);
  EXPECT_THROW(check_server_name("tab\there"), FieldError);
  EXPECT_THROW(check_server_name(std::string(129, 'n')), FieldError);
  EXPECT_NO_THROW(check_server_name("<script>alert(1)</script>"))
      << "names are escaped on output, not restricted";
  EXPECT_THROW(check_tag("1st", "x"), FieldError);
  EXPECT_NO_THROW(check_tag("_row", "r7, upper"));
}

// The brief's list, checked against FreeIPMI's tools: every name there is known.
TEST(ServerSettingsValues, KnowsFreeIpmisWorkaroundFlags) {
  for (const auto* name :
       {"authcap", "nochecksumcheck", "idzero", "unexpectedauth", "forcepermsg", "endianseq",
        "noauthcodecheck", "intel20", "supermicro20", "sun20", "opensesspriv", "integritycheckvalue",
        "assumeio", "assumemaxsdrrecordcount", "solpayloadsize", "solport", "solstatus", "ipmiping"}) {
    EXPECT_NO_THROW(parse_workaround_flags({name})) << name;
  }
}

// FreeIPMI's own parser (shared by all its tools) accepts every name we accept, and rejects a wrong one.
TEST(ServerSettingsValues, FreeIpmisToolsAcceptEveryWorkaroundFlagWeAccept) {
  if (!test::have_program("ipmi-sensors")) {
    GTEST_SKIP() << "freeipmi-tools not installed";
  }
  std::string all;
  for (const auto name : workaround_flag_names()) {
    all += (all.empty() ? "" : ",") + std::string(name);
  }
  // In-band driver: the flags are parsed first; the run then fails fast without an IPMI device.
  const auto accepted = test::run_process({"ipmi-sensors", "--workaround-flags=" + all, "--driver-type=KCS"});
  EXPECT_EQ((accepted.out + accepted.err).find("invalid workaround flags"), std::string::npos)
      << accepted.err;
  const auto rejected =
      test::run_process({"ipmi-sensors", "--workaround-flags=" + all + ",fastmode", "--driver-type=KCS"});
  EXPECT_NE((rejected.out + rejected.err).find("invalid workaround flags"), std::string::npos)
      << rejected.err;
}

}  // namespace
}  // namespace dcm::ipmi::inventory
