// A Redfish fixture tree as the simulator serves it: one JSON document per resource, read from a folder laid
// out like the DMTF mockups (`redfish/v1/Systems/1/index.json` is the resource `/redfish/v1/Systems/1`), plus
// the folder's optional `sim.json` with what the simulator needs to know beyond the resources themselves.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace dcm::test::redfish_sim {

struct FixtureTree {
  std::string name;                                 // the folder's name, e.g. "dell_idrac_like"
  std::map<std::string, nlohmann::json> resources;  // "/redfish/v1/Systems/1" -> its document
  // sim.json "newest_first": collections that list their newest member first (as iDRAC's SEL does); entries
  // added at run time go to the front of those and to the end of the others.
  std::set<std::string> newest_first;
  std::string user = "admin";  // sim.json "user" / "password": the credentials the BMC accepts
  std::string password = "redfish-secret";
};

// Reads every index.json under dir/redfish. Throws std::runtime_error naming the file and the problem
// (unreadable, not JSON, not an object, @odata.id not matching its place in the tree).
FixtureTree load_fixture_tree(const std::filesystem::path& dir);

// "/redfish/v1/" -> "/redfish/v1"; "/redfish/v1/Systems/1/" -> "/redfish/v1/Systems/1"; "/" stays "/".
std::string normalise_path(std::string path);

}  // namespace dcm::test::redfish_sim
