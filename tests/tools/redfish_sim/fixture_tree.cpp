#include "tests/tools/redfish_sim/fixture_tree.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dcm::test::redfish_sim {
namespace {

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    throw std::runtime_error(file.string() + ": cannot be read");
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(file.string() + ": not JSON (" + e.what() + ")");
  }
}

}  // namespace

std::string normalise_path(std::string path) {
  while (path.size() > 1 && path.back() == '/') {
    path.pop_back();
  }
  return path;
}

FixtureTree load_fixture_tree(const std::filesystem::path& dir) {
  FixtureTree tree;
  tree.name = dir.filename().string();
  if (tree.name.empty()) {
    tree.name = dir.parent_path().filename().string();
  }
  const auto root = dir / "redfish";
  if (!std::filesystem::is_directory(root)) {
    throw std::runtime_error(dir.string() +
                             ": no redfish/ folder (expected redfish/v1/index.json and below)");
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().filename() != "index.json") {
      continue;
    }
    auto relative = std::filesystem::relative(entry.path().parent_path(), dir).generic_string();
    const std::string path = "/" + relative;
    auto document = read_json(entry.path());
    if (!document.is_object()) {
      throw std::runtime_error(entry.path().string() + ": expected a JSON object");
    }
    if (document.contains("@odata.id") &&
        (!document["@odata.id"].is_string() ||
         normalise_path(document["@odata.id"].get<std::string>()) != path)) {
      throw std::runtime_error(entry.path().string() + ": @odata.id does not match its place " + path);
    }
    tree.resources.emplace(path, std::move(document));
  }
  if (!tree.resources.contains("/redfish/v1")) {
    throw std::runtime_error(dir.string() + ": no service root (redfish/v1/index.json)");
  }
  const auto sim_file = dir / "sim.json";
  if (std::filesystem::exists(sim_file)) {
    const auto sim = read_json(sim_file);
    try {
      for (const auto& path : sim.value("newest_first", nlohmann::json::array())) {
        tree.newest_first.insert(normalise_path(path.get<std::string>()));
      }
      tree.user = sim.value("user", tree.user);
      tree.password = sim.value("password", tree.password);
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(sim_file.string() + ": " + e.what());
    }
  }
  return tree;
}

}  // namespace dcm::test::redfish_sim
