#include "ipmi/inventory/servers_csv.hpp"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "core/config/config_error.hpp"
#include "tests/support/paths.hpp"

namespace dcm::ipmi::inventory {
namespace {

namespace fs = std::filesystem;
using core::config::ConfigError;

TEST(ServersCsv, ReadsTheFleetFixture) {
  const auto text = test::read_file(test::fixture_path("ipmi/servers/fleet.csv"));
  const auto servers = parse_servers_csv(text, "fleet.csv", InventoryEnv{"env-user", "env-pass"});
  ASSERT_EQ(servers.size(), 4u);

  EXPECT_EQ(servers[0].name, "gpu-node-01");
  EXPECT_EQ(servers[0].user, "admin");
  EXPECT_EQ(servers[0].password, "pa,ss\"word") << "quoted comma and doubled quote";
  EXPECT_EQ(servers[0].server_ip, "10.0.1.11");
  EXPECT_EQ(servers[0].tags, (std::map<std::string, std::string>{
                                 {"site", "jhb1"}, {"rack", "r12"}, {"vendor", "supermicro"}, {"row", "a"}}));

  EXPECT_EQ(servers[1].name, "gpu node 02");
  EXPECT_EQ(servers[1].bmc_label(), "10.0.0.12:6230");
  EXPECT_EQ(servers[1].user, "env-user") << "empty cells take the environment";
  EXPECT_EQ(servers[1].password, "env-pass");
  EXPECT_EQ(servers[1].tags.count("row"), 0u) << "an empty tag cell sets no tag";

  EXPECT_EQ(servers[2].bmc_host, "fd00::13");
  EXPECT_EQ(servers[2].protocol, Protocol::kRedfish);
  EXPECT_EQ(servers[2].redfish_url, "https://[fd00::13]:623");

  EXPECT_EQ(servers[3].protocol, Protocol::kAuto);
  EXPECT_EQ(servers[3].redfish_url, "https://idrac-04.mgmt.example");
  EXPECT_EQ(servers[3].tags.at("rack"), "r7, upper");
  EXPECT_EQ(servers[3].tags.at("site"), "cpt1");
}

TEST(ServersCsv, AppliesDefaultsAndReadsEveryColumn) {
  ServerSettings defaults;
  defaults.user = "dflt";
  defaults.password = "dflt-pass";
  defaults.cipher_suite = 17;
  const auto servers = parse_servers_csv(
      "Name , BMC,Privilege,cipher_suite,workaround_flags,timeout,tls_verify,protocol\n"
      "a,10.0.0.1,operator,,\"opensesspriv idzero;authcap\",2s,no,redfish\n"
      "b,10.0.0.2,,3,,,,\n",
      "s.csv", {}, defaults);
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0].user, "dflt");
  EXPECT_EQ(servers[0].privilege, Privilege::kOperator);
  EXPECT_EQ(servers[0].cipher_suite, 17);
  EXPECT_EQ(servers[0].workaround_flags, (std::vector<std::string>{"opensesspriv", "idzero", "authcap"}));
  EXPECT_EQ(servers[0].timeout, std::chrono::seconds(2));
  EXPECT_FALSE(servers[0].tls_verify);
  EXPECT_EQ(servers[1].cipher_suite, 3);
  EXPECT_TRUE(servers[1].tls_verify);
}

TEST(ServersCsv, EmptyFileIsAnError) {
  try {
    parse_servers_csv("", "s.csv", {});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "s.csv: empty (expected a header line naming the columns, e.g. name,bmc,user,password)");
  }
  EXPECT_TRUE(parse_servers_csv("name,bmc\n", "s.csv", {}).empty()) << "a header alone: no servers";
}

TEST(ServersCsv, EveryBadFixtureGivesItsExactMessage) {
  const auto dir = test::fixture_path("ipmi/servers/bad");
  const bool update = std::getenv("DCM_UPDATE_GOLDEN") != nullptr;
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".csv") {
      continue;
    }
    auto expected_path = entry.path();
    expected_path.replace_extension(".err");
    std::string actual = "accepted";
    try {
      parse_servers_csv(test::read_file(entry.path()), "servers.csv", InventoryEnv{});
    } catch (const ConfigError& e) {
      actual = e.what();
    }
    if (update) {
      test::write_file(expected_path, actual + "\n");
      continue;
    }
    auto expected = fs::exists(expected_path) ? test::read_file(expected_path) : "(missing .err)";
    while (!expected.empty() && expected.back() == '\n') {
      expected.pop_back();
    }
    EXPECT_EQ(actual, expected) << entry.path();
    ++checked;
  }
  EXPECT_GE(checked, update ? 0 : 8);
}

}  // namespace
}  // namespace dcm::ipmi::inventory
