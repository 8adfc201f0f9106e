// The real promtool over what dc-overview generates, for the shipped example and the fixture fleets:
// check config (which also loads the rule files), check rules, test rules (the alert unit tests), and
// every dashboard query as PromQL. shellcheck over every generated script.
#include <filesystem>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "overview/generate.hpp"
#include "overview/output_writer.hpp"
#include "tests/support/overview_expressions.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::pair<std::string, fs::path>> fleet_files() {
  return {{"example", source_path("deploy/examples/fleet.yaml")},
          {"letsencrypt", fixture_path("overview/fleets/letsencrypt.yaml")},
          {"traefik", fixture_path("overview/fleets/traefik.yaml")},
          {"host_prometheus", fixture_path("overview/fleets/host_prometheus.yaml")}};
}

class GeneratedDirectory : public ::testing::TestWithParam<std::pair<std::string, fs::path>> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(have_program("promtool")) << "promtool is missing: run scripts/deps";
    fleet_ = overview::load_fleet(GetParam().second);
    overview::write_output_dir(overview::render_all(fleet_, {"fleet.yaml"}), out());
  }
  fs::path out() const { return dir_ / "generated"; }

  overview::Fleet fleet_;
  TempDir dir_;
};

TEST_P(GeneratedDirectory, PromtoolAcceptsTheConfigAndItsRuleFiles) {
  auto result = run_process({"promtool", "check", "config", (out() / "prometheus.yml").string()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("SUCCESS: 2 rule files found"), std::string::npos) << result.out;
}

TEST_P(GeneratedDirectory, PromtoolAcceptsTheRules) {
  auto result = run_process({"promtool", "check", "rules", (out() / "rules/recording.yml").string(),
                             (out() / "rules/alerts.yml").string()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_P(GeneratedDirectory, EveryAlertPassesItsUnitTests) {
  auto result = run_process({"promtool", "test", "rules", (out() / "rules/tests/alerts_test.yml").string()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("SUCCESS"), std::string::npos) << result.out;
}

TEST_P(GeneratedDirectory, EveryDashboardQueryIsValidPromql) {
  // promtool parses rule expressions: one recording rule per panel and variable query.
  std::string rules = "groups:\n  - name: dashboard-queries\n    rules:\n";
  int index = 0;
  for (const auto& expression : overview_expressions(fleet_)) {
    if (expression.kind != OverviewExpression::Kind::kPanel &&
        expression.kind != OverviewExpression::Kind::kVariable) {
      continue;
    }
    auto expr = substitute_grafana_variables(expression.expr);
    std::string quoted;
    for (char c : expr) {
      quoted += c == '\'' ? std::string("''") : std::string(1, c);
    }
    rules +=
        "      - record: dashboard_query_" + std::to_string(index++) + "\n        expr: '" + quoted + "'\n";
  }
  write_file(dir_ / "queries.yml", rules);
  auto result = run_process({"promtool", "check", "rules", (dir_ / "queries.yml").string()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_GT(index, 30);
}

TEST_P(GeneratedDirectory, EveryScriptPassesShellcheck) {
  ASSERT_TRUE(have_program("shellcheck")) << "shellcheck is missing: run scripts/deps";
  std::vector<std::string> argv = {"shellcheck", "--shell=sh"};
  for (const auto& entry : fs::recursive_directory_iterator(out())) {
    if (entry.path().extension() == ".sh") {
      argv.push_back(entry.path().string());
    }
  }
  ASSERT_GT(argv.size(), 3u);
  auto result = run_process(argv);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_P(GeneratedDirectory, EveryYamlFileParses) {
  for (const auto& entry : fs::recursive_directory_iterator(out())) {
    if (entry.path().extension() == ".yml" || entry.path().extension() == ".yaml") {
      EXPECT_NO_THROW(YAML::LoadFile(entry.path().string())) << entry.path();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fleets, GeneratedDirectory, ::testing::ValuesIn(fleet_files()),
                         [](const auto& param_info) { return param_info.param.first; });

}  // namespace
}  // namespace dcm::test
