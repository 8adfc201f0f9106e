// The Redfish simulator's own rules, without a network: what tests elsewhere rely on.
#include "tests/tools/redfish_sim/virtual_bmc.hpp"

#include <gtest/gtest.h>

#include "tests/support/paths.hpp"
#include "tests/tools/redfish_sim/control_api.hpp"

namespace dcm::test::redfish_sim {
namespace {

using nlohmann::json;

const char* kBasicRoot = "Basic cm9vdDpjYWx2aW4tc2lt";  // root:calvin-sim

VirtualBmc make_dell(int page_size = 0) {
  return VirtualBmc(
      std::make_shared<const FixtureTree>(load_fixture_tree(fixture_path("ipmi/redfish/dell_idrac_like"))),
      page_size, 1);
}

SimRequest get(std::string path, std::string authorization = kBasicRoot) {
  return SimRequest{"GET", std::move(path), {}, "", "", std::move(authorization)};
}

TEST(VirtualBmc, ServiceRootIsOpenEverythingElseNeedsCredentials) {
  auto bmc = make_dell();
  EXPECT_EQ(bmc.handle(get("/redfish/v1/", "")).status, 200);
  EXPECT_EQ(bmc.handle(get("/redfish/v1/Systems", "")).status, 401);
  EXPECT_EQ(bmc.handle(get("/redfish/v1/Systems", "Basic d3Jvbmc6d3Jvbmc=")).status, 401);
  EXPECT_EQ(bmc.handle(get("/redfish/v1/Systems")).status, 200);
  EXPECT_EQ(bmc.handle(get("/redfish/v1/NoSuchThing")).status, 404);
}

TEST(VirtualBmc, SessionLoginGivesATokenThatDeleteRevokes) {
  auto bmc = make_dell();
  SimRequest login{"POST", "/redfish/v1/SessionService/Sessions",
                   {},     R"({"UserName":"root","Password":"calvin-sim"})",
                   "",     ""};
  const auto created = bmc.handle(login);
  ASSERT_EQ(created.status, 201);
  const std::string token = created.headers.at("X-Auth-Token");
  SimRequest with_token{"GET", "/redfish/v1/Systems", {}, "", token, ""};
  EXPECT_EQ(bmc.handle(with_token).status, 200);
  SimRequest logout{"DELETE", created.headers.at("Location"), {}, "", token, ""};
  EXPECT_EQ(bmc.handle(logout).status, 204);
  EXPECT_EQ(bmc.handle(with_token).status, 401);
  login.body = R"({"UserName":"root","Password":"nope"})";
  EXPECT_EQ(bmc.handle(login).status, 401);
}

TEST(VirtualBmc, PagesTopAndSkip) {
  auto bmc = make_dell(2);
  const auto page =
      json::parse(bmc.handle(get("/redfish/v1/Managers/iDRAC.Embedded.1/LogServices/Sel/Entries")).body);
  EXPECT_EQ(page["Members"].size(), 2u);
  EXPECT_EQ(page["Members@odata.count"], 7);
  EXPECT_EQ(page["Members@odata.nextLink"],
            "/redfish/v1/Managers/iDRAC.Embedded.1/LogServices/Sel/Entries?$skip=2");
  auto request = get("/redfish/v1/Managers/iDRAC.Embedded.1/LogServices/Sel/Entries");
  request.query = {{"$skip", "6"}, {"$top", "5"}};
  const auto last = json::parse(bmc.handle(request).body);
  ASSERT_EQ(last["Members"].size(), 1u);
  EXPECT_EQ(last["Members"][0]["Id"], "1");  // newest first: the oldest is last
  EXPECT_FALSE(last.contains("Members@odata.nextLink"));
}

TEST(VirtualBmc, AddedEntriesGoWhereTheLogPutsNewOnes) {
  auto bmc = make_dell();
  const auto added = apply_control(bmc, "add_log_entry",
                                   {{"service", "/redfish/v1/Managers/iDRAC.Embedded.1/LogServices/Sel"},
                                    {"fields", {{"Severity", "Critical"}}}});
  EXPECT_EQ(added[0]["Id"], "8");
  const auto entries =
      json::parse(bmc.handle(get("/redfish/v1/Managers/iDRAC.Embedded.1/LogServices/Sel/Entries")).body);
  EXPECT_EQ(entries["Members"][0]["Id"], "8");
  EXPECT_EQ(entries["Members"][0]["Severity"], "Critical");
  EXPECT_EQ(entries["Members@odata.count"], 8);
  EXPECT_THROW(apply_control(bmc, "add_log_entry", {{"service", "/redfish/v1/Systems"}}),
               std::invalid_argument);
  EXPECT_THROW(apply_control(bmc, "no_such_verb", json::object()), std::invalid_argument);
}

TEST(VirtualBmc, ResetChangesPowerStateWithinAllowableValues) {
  auto bmc = make_dell();
  SimRequest reset{"POST", "/redfish/v1/Systems/System.Embedded.1/Actions/ComputerSystem.Reset",
                   {},     R"({"ResetType":"ForceOff"})",
                   "",     kBasicRoot};
  EXPECT_EQ(bmc.handle(reset).status, 204);
  EXPECT_EQ(json::parse(bmc.handle(get("/redfish/v1/Systems/System.Embedded.1")).body)["PowerState"], "Off");
  reset.body = R"({"ResetType":"Explode"})";
  EXPECT_EQ(bmc.handle(reset).status, 400);
}

TEST(VirtualBmc, FaultsReplaceTheAnswer) {
  auto bmc = make_dell();
  bmc.set_fault("/redfish/v1/Systems/", Fault::kHttp500);
  EXPECT_EQ(bmc.handle(get("/redfish/v1/Systems")).status, 500);
  bmc.set_fault("/redfish/v1/Systems", Fault::kInvalidJson);
  EXPECT_TRUE(json::parse(bmc.handle(get("/redfish/v1/Systems")).body, nullptr, false).is_discarded());
  bmc.set_fault("/redfish/v1/Systems", Fault::kTruncated);
  EXPECT_TRUE(bmc.handle(get("/redfish/v1/Systems")).truncate);
  bmc.clear_faults();
  EXPECT_EQ(bmc.handle(get("/redfish/v1/Systems")).status, 200);
}

TEST(FixtureTree, BothFixturesLoadWithConsistentIds) {
  for (const char* name : {"dell_idrac_like", "supermicro_like"}) {
    const auto tree = load_fixture_tree(fixture_path(std::string("ipmi/redfish/") + name));
    EXPECT_GT(tree.resources.size(), 30u) << name;
  }
  TempDir dir;
  write_file(dir / "redfish/v1/index.json", R"({"@odata.id": "/redfish/v1/Elsewhere"})");
  EXPECT_THROW(load_fixture_tree(dir.path()), std::runtime_error);
}

}  // namespace
}  // namespace dcm::test::redfish_sim
