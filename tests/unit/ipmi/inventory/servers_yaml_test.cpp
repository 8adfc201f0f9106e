#include "ipmi/inventory/servers_yaml.hpp"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "core/config/config_error.hpp"
#include "tests/support/paths.hpp"

namespace dcm::ipmi::inventory {
namespace {

namespace fs = std::filesystem;
using core::config::ConfigError;

std::string error_of(std::string_view text, const InventoryEnv& env = {}) {
  try {
    parse_servers_yaml(text, "servers.yaml", env, ".");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ServersYaml, ReadsTheMixedFleetFixture) {
  const auto servers = load_servers_yaml(test::fixture_path("ipmi/servers/fleet.yaml"), InventoryEnv{});
  ASSERT_EQ(servers.size(), 6u);

  const auto& a = servers[0];
  EXPECT_EQ(a.name, "gpu-node-01");
  EXPECT_EQ(a.bmc_host, "10.0.0.11");
  EXPECT_EQ(a.bmc_port, 0);
  EXPECT_EQ(a.bmc_label(), "10.0.0.11:623");
  EXPECT_EQ(a.server_ip, "10.0.1.11");
  EXPECT_EQ(a.protocol, Protocol::kIpmi);
  EXPECT_EQ(a.user, "admin");
  EXPECT_EQ(a.password, "fixture-bmc-secret") << "from password_file, relative to the yaml";
  EXPECT_EQ(a.cipher_suite, 3);
  EXPECT_EQ(a.privilege, Privilege::kAdmin);
  EXPECT_EQ(a.workaround_flags, std::vector<std::string>{"opensesspriv"});
  EXPECT_EQ(a.timeout, std::chrono::seconds(5));
  EXPECT_TRUE(a.tls_verify);
  EXPECT_EQ(a.redfish_url, "");
  EXPECT_EQ(a.tags, (std::map<std::string, std::string>{
                        {"site", "jhb1"}, {"rack", "r12"}, {"vendor", "supermicro"}}));

  const auto& b = servers[1];
  EXPECT_EQ(b.bmc_label(), "10.0.0.12:6230");
  EXPECT_EQ(b.cipher_suite, 17);
  EXPECT_EQ(b.privilege, Privilege::kOperator);
  EXPECT_EQ(b.workaround_flags, (std::vector<std::string>{"idzero", "intel20"}))
      << "a server's list replaces";
  EXPECT_EQ(b.timeout, std::chrono::milliseconds(2500));
  EXPECT_TRUE(b.tags.empty());

  const auto& c = servers[2];
  EXPECT_EQ(c.bmc_host, "fd00::13");
  EXPECT_EQ(c.bmc_port, 623);
  EXPECT_EQ(c.bmc_label(), "[fd00::13]:623");
  EXPECT_EQ(c.user, "root");
  EXPECT_EQ(c.password, "calvin");
  EXPECT_EQ(c.tags.at("vendor"), "nvidia");

  const auto& d = servers[3];
  EXPECT_EQ(d.protocol, Protocol::kRedfish);
  EXPECT_EQ(d.bmc_host, "idrac-04.mgmt.example");
  EXPECT_EQ(d.bmc_port, 8443);
  EXPECT_EQ(d.redfish_url, "https://idrac-04.mgmt.example:8443");
  EXPECT_FALSE(d.tls_verify);

  const auto& e = servers[4];
  EXPECT_EQ(e.protocol, Protocol::kAuto);
  EXPECT_EQ(e.redfish_url, "https://xcc-05.mgmt.example");
  EXPECT_EQ(e.bmc_label(), "xcc-05.mgmt.example:623");

  const auto& f = servers[5];
  EXPECT_EQ(f.bmc_host, "fd00::16");
  EXPECT_EQ(f.redfish_url, "https://[fd00::16]");
  EXPECT_TRUE(f.workaround_flags.empty()) << "an empty list clears the default";
}

TEST(ServersYaml, TakesCredentialsFromTheEnvironmentWhenAbsent) {
  const auto path = test::fixture_path("ipmi/servers/from_env.yaml");
  const auto servers = load_servers_yaml(path, InventoryEnv{"env-admin", "env-secret"});
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0].user, "env-admin");
  EXPECT_EQ(servers[0].password, "env-secret");
  EXPECT_EQ(servers[1].user, "operator1");
  EXPECT_EQ(servers[1].password, "env-secret");
  EXPECT_EQ(servers[1].bmc_label(), "node-b-bmc:623");
  try {
    load_servers_yaml(path, InventoryEnv{"env-admin", std::nullopt});
    FAIL() << "accepted without a password";
  } catch (const ConfigError& e) {
    EXPECT_EQ(
        std::string(e.what()),
        path.string() +
            ":3: servers[0]: no password (set password or password_file here or in defaults:, or IPMI_PASS "
            "in the environment)");
  }
}

TEST(ServersYaml, AnEmptyInventoryHasNoServers) {
  EXPECT_TRUE(load_servers_yaml(test::fixture_path("ipmi/servers/empty.yaml"), {}).empty());
  EXPECT_TRUE(parse_servers_yaml("", "servers.yaml", {}, ".").empty());
  EXPECT_TRUE(parse_servers_yaml("servers: []\n", "servers.yaml", {}, ".").empty());
  EXPECT_TRUE(parse_servers_yaml("servers:\n", "servers.yaml", {}, ".").empty());
}

TEST(ServersYaml, AcceptsWorkaroundFlagsAsFreeIpmisCommaList) {
  const auto servers = parse_servers_yaml(
      "servers:\n  - {name: a, bmc: 10.0.0.1, user: u, password: p, workaround_flags: "
      "'opensesspriv,idzero'}\n",
      "servers.yaml", {}, ".");
  EXPECT_EQ(servers.at(0).workaround_flags, (std::vector<std::string>{"opensesspriv", "idzero"}));
}

TEST(ServersYaml, MissingFileIsAnErrorNamingIt) {
  EXPECT_EQ(
      [] {
        try {
          load_servers_yaml("/nonexistent/servers.yaml", {});
        } catch (const ConfigError& e) {
          return std::string(e.what());
        }
        return std::string("no error");
      }(),
      "/nonexistent/servers.yaml: cannot be read (missing, or check its permissions)");
}

TEST(ServersYaml, NoPasswordInAnyError) {
  const std::string secret = "Sup3r-Secret-Pa55";
  for (const std::string& text : {
           "defaults: {user: admin, password: " + secret + "}\nservers:\n  - {name: a, bmc: 'x:y'}\n",
           "defaults: {user: admin, password: " + secret + ", timeout: soon}\n",
           "servers:\n  - {name: a, bmc: 10.0.0.1, user: u, password: [" + secret + "]}\n",
           "servers:\n  - {name: a, bmc: 10.0.0.1, user: u, password: " + secret + ", password_file: f}\n",
       }) {
    const auto message = error_of(text);
    EXPECT_NE(message, "no error") << text;
    EXPECT_EQ(message.find(secret), std::string::npos) << message;
  }
}

// One file per message under tests/fixtures/ipmi/servers/bad: NAME.yaml or NAME.csv and NAME.err (the exact
// text). DCM_UPDATE_GOLDEN=1 writes the .err files from the current messages (review the diff).
void check_bad_fixtures(std::string_view extension,
                        const std::function<void(const std::string& text, const fs::path& dir)>& parse) {
  const auto dir = test::fixture_path("ipmi/servers/bad");
  const bool update = std::getenv("DCM_UPDATE_GOLDEN") != nullptr;
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != extension) {
      continue;
    }
    auto expected_path = entry.path();
    expected_path.replace_extension(".err");
    std::string actual = "accepted";
    try {
      parse(test::read_file(entry.path()), dir);
    } catch (const ConfigError& e) {
      actual = e.what();
    }
    if (update) {
      test::write_file(expected_path, actual + "\n");
    } else if (!fs::exists(expected_path)) {
      ADD_FAILURE() << expected_path << " is missing; the message is:\n" << actual;
    } else {
      auto expected = test::read_file(expected_path);
      while (!expected.empty() && expected.back() == '\n') {
        expected.pop_back();
      }
      EXPECT_EQ(actual, expected) << entry.path();
    }
    ++checked;
  }
  EXPECT_GE(checked, 8) << extension;
}

TEST(ServersYaml, EveryBadFixtureGivesItsExactMessage) {
  check_bad_fixtures(".yaml", [](const std::string& text, const fs::path& dir) {
    parse_servers_yaml(text, "servers.yaml", InventoryEnv{}, dir);
  });
}

}  // namespace
}  // namespace dcm::ipmi::inventory
