#include "core/config/yaml_reader.hpp"

#include <gtest/gtest.h>

#include "core/config/config_error.hpp"

namespace dcm::core::config {
namespace {

constexpr const char* kServers = R"yaml(defaults:
  user: admin
  timeout: 5s
servers:
  - name: gpu-node-01
    bmc: 10.0.0.11
    tags: {site: jhb1}
  - name: gpu-node-02
    bmc: ""
    colour: red
)yaml";

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(YamlReader, ReadsValuesWithPathsAndLines) {
  auto root = parse_yaml(kServers, "servers.yaml");
  EXPECT_EQ(root.require("defaults").require("timeout").as_duration(), std::chrono::seconds(5));
  auto servers = root.require("servers").items();
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0].require("name").as_string(), "gpu-node-01");
  EXPECT_EQ(servers[0].require("tags").get("site").as_string(), "jhb1");
  EXPECT_EQ(servers[1].require("bmc").path(), "servers[1].bmc");
  EXPECT_EQ(servers[1].require("bmc").line(), 9);
  EXPECT_FALSE(servers[0].get("protocol").defined());
}

TEST(YamlReader, ErrorsNameFileLineAndPath) {
  auto root = parse_yaml(kServers, "servers.yaml");
  auto second = root.require("servers").items()[1];
  EXPECT_EQ(error_of([&] {
              second.allow_keys({"name", "bmc"});
            }),
            "servers.yaml:10: servers[1].colour: unknown key (known: name, bmc)");
  EXPECT_EQ(error_of([&] { second.require("password"); }),
            "servers.yaml:8: servers[1].password: missing (required)");
  EXPECT_EQ(error_of([&] { root.require("defaults").require("user").as_int(1, 10); }),
            "servers.yaml:2: defaults.user: invalid value 'admin' (expected a whole number from 1 to 10)");
  EXPECT_EQ(error_of([&] { root.require("servers").as_string(); }),
            "servers.yaml:5: servers: expected a single value");
}

TEST(YamlReader, SyntaxErrorsCarryTheLine) {
  auto message = error_of([] { parse_yaml("a: 1\nb: [unclosed\n", "x.yaml"); });
  EXPECT_TRUE(message.starts_with("x.yaml:")) << message;
  EXPECT_NE(message.find("invalid YAML"), std::string::npos);
}

TEST(ParseDuration, ReadsUnitsAndBareSeconds) {
  EXPECT_EQ(parse_duration("500ms"), std::chrono::milliseconds(500));
  EXPECT_EQ(parse_duration("5s"), std::chrono::seconds(5));
  EXPECT_EQ(parse_duration("2m"), std::chrono::minutes(2));
  EXPECT_EQ(parse_duration("1h"), std::chrono::hours(1));
  EXPECT_EQ(parse_duration("30"), std::chrono::seconds(30));
  EXPECT_EQ(parse_duration("1.5s"), std::chrono::milliseconds(1500));
  EXPECT_FALSE(parse_duration("-1s").has_value());
  EXPECT_FALSE(parse_duration("soon").has_value());
  EXPECT_FALSE(parse_duration("").has_value());
}

}  // namespace
}  // namespace dcm::core::config
