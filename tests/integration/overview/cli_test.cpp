// The dc-overview binary: init, generate and check as an operator runs them, their exit codes and
// one-line errors, and that no secret is ever printed.
#include <filesystem>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "overview/env_file.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {
namespace {

namespace fs = std::filesystem;

ProcessResult overview(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {binary_path("dc-overview").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

mode_t mode_of(const fs::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 0777;
}

std::vector<std::string> init_args(const fs::path& fleet) {
  return {"init",
          "--fleet",
          fleet.string(),
          "--site",
          "jhb1",
          "--master-ip",
          "192.168.1.100",
          "--worker",
          "gpu-01=192.168.1.101",
          "--worker",
          "gpu-02=192.168.1.102,gpu=amd",
          "--watchdog-url",
          "https://watchdog.example.com"};
}

TEST(OverviewCli, PrintsItsVersion) {
  auto result = overview({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(result.out.starts_with("dc-overview version ")) << result.out;
}

TEST(OverviewCli, InitWritesTheFleetAndPrivateSecretsAndNeverOverwritesThem) {
  TempDir dir;
  const auto fleet = dir / "fleet.yaml";
  auto init = overview(init_args(fleet));
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  EXPECT_TRUE(fs::exists(fleet));
  EXPECT_EQ(mode_of(dir / ".env"), 0600u);
  const auto secrets = overview::parse_env(read_file(dir / ".env"));
  const auto password = secrets.at("GRAFANA_ADMIN_PASS");
  EXPECT_EQ(password.size(), 24u);
  EXPECT_EQ(init.out.find(password), std::string::npos) << "a secret was printed";
  EXPECT_NE(init.out.find("fill in IPMI_USER, IPMI_PASS, WATCHDOG_API_KEY"), std::string::npos) << init.out;
  for (const auto& [name, value] : overview::parse_env(read_file(dir / ".env.example"))) {
    EXPECT_TRUE(value.empty()) << name;
  }

  auto again = overview(init_args(fleet));
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "dc-overview init: " + fleet.string() + " exists; --force replaces it\n");

  auto args = init_args(fleet);
  args.push_back("--force");
  auto forced = overview(args);
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.out.find("kept the existing"), std::string::npos) << forced.out;
  EXPECT_EQ(overview::parse_env(read_file(dir / ".env")).at("GRAFANA_ADMIN_PASS"), password);
}

TEST(OverviewCli, InitRejectsBadAnswersBeforeWritingAnything) {
  TempDir dir;
  auto bad_worker = overview({"init", "--fleet", (dir / "fleet.yaml").string(), "--site", "x", "--master-ip",
                              "10.0.0.1", "--worker", "gpu-01"});
  EXPECT_EQ(bad_worker.exit_code, 2);
  EXPECT_EQ(bad_worker.err,
            "dc-overview init: --worker 'gpu-01' (expected "
            "NAME=IP[,gpu=nvidia|amd|none][,exporters=node_exporter+dc_exporter])\n");
  auto bad_ip = overview({"init", "--fleet", (dir / "fleet.yaml").string(), "--site", "x", "--master-ip",
                          "localhost", "--worker", "gpu-01=10.0.0.11"});
  EXPECT_EQ(bad_ip.exit_code, 2);
  EXPECT_EQ(
      bad_ip.err,
      "dc-overview init: master.ip: localhost is not an address (expected the host's IPv4 or IPv6 address; "
      "find it with hostname -I)\n");
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(OverviewCli, GenerateWritesTheStackAndLinksTheSecrets) {
  TempDir dir;
  ASSERT_EQ(overview(init_args(dir / "fleet.yaml")).exit_code, 0);
  auto generate =
      overview({"generate", "--fleet", (dir / "fleet.yaml").string(), "--out", (dir / "generated").string()});
  ASSERT_EQ(generate.exit_code, 0) << generate.err;
  EXPECT_TRUE(generate.out.starts_with("wrote ")) << generate.out;
  for (const char* file :
       {"prometheus.yml", "rules/alerts.yml", "rules/tests/alerts_test.yml",
        "grafana/dashboards/json/dc-overview.json", "docker-compose.yml", "nginx/dc-monitoring.conf",
        "firewall/ufw-master.sh", "workers/gpu-01/install.sh"}) {
    EXPECT_TRUE(fs::exists(dir / "generated" / file)) << file;
  }
  EXPECT_TRUE(fs::is_symlink(dir / "generated/.env"));
  EXPECT_EQ(read_file(dir / "generated/.env"), read_file(dir / ".env"));
  EXPECT_EQ(mode_of(dir / "generated/workers/gpu-01/install.sh"), 0755u);
}

TEST(OverviewCli, GenerateFailsWithOneLineAndWritesNothingForABadFleet) {
  TempDir dir;
  write_file(dir / "fleet.yaml", "site: jhb1\nmaster:\n  ip: localhost\nworkers: []\n");
  auto generate =
      overview({"generate", "--fleet", (dir / "fleet.yaml").string(), "--out", (dir / "generated").string()});
  EXPECT_EQ(generate.exit_code, 1);
  EXPECT_EQ(generate.err, "dc-overview: " + (dir / "fleet.yaml").string() +
                              ":3: master.ip: localhost is not an address (expected the host's IPv4 or IPv6 "
                              "address; find it with hostname -I)\n");
  EXPECT_FALSE(fs::exists(dir / "generated"));
}

TEST(OverviewCli, GenerateNeverReplacesADirectoryItDidNotWrite) {
  TempDir dir;
  ASSERT_EQ(overview(init_args(dir / "fleet.yaml")).exit_code, 0);
  write_file(dir / "mine/notes.txt", "keep\n");
  auto generate =
      overview({"generate", "--fleet", (dir / "fleet.yaml").string(), "--out", (dir / "mine").string()});
  EXPECT_EQ(generate.exit_code, 1);
  EXPECT_NE(generate.err.find("refusing to replace it"), std::string::npos) << generate.err;
  EXPECT_EQ(read_file(dir / "mine/notes.txt"), "keep\n");
}

TEST(OverviewCli, CheckWithoutProbesRunsPromtoolAndNamesTheMissingSecrets) {
  TempDir dir;
  ASSERT_EQ(overview(init_args(dir / "fleet.yaml")).exit_code, 0);
  ASSERT_EQ(
      overview({"generate", "--fleet", (dir / "fleet.yaml").string(), "--out", (dir / "generated").string()})
          .exit_code,
      0);
  auto check = overview({"check", "--fleet", (dir / "fleet.yaml").string(), "--out",
                         (dir / "generated").string(), "--no-probe"});
  EXPECT_EQ(check.exit_code, 1) << check.out;
  EXPECT_NE(check.out.find("promtool check config " + (dir / "generated/prometheus.yml").string() + ": ok"),
            std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find("promtool test rules " + (dir / "generated/rules/tests/alerts_test.yml").string() +
                           ": ok"),
            std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find("error: " + (dir / ".env").string() + ": IPMI_PASS is empty"), std::string::npos)
      << check.out;

  auto env = read_file(dir / ".env");
  for (const char* name : {"IPMI_USER=", "IPMI_PASS=", "WATCHDOG_API_KEY="}) {
    auto pos = env.find(std::string("\n") + name);
    env.insert(pos + 1 + std::string(name).size(), "filled-in-42");
  }
  write_file(dir / ".env", env);
  auto clean = overview({"check", "--fleet", (dir / "fleet.yaml").string(), "--out",
                         (dir / "generated").string(), "--no-probe"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  EXPECT_NE(clean.out.find("pitfalls: none found"), std::string::npos) << clean.out;
  EXPECT_EQ(clean.out.find("filled-in-42"), std::string::npos) << "a secret was printed";
}

TEST(OverviewCli, CheckReportsAnInvalidFleetAndStops) {
  TempDir dir;
  write_file(dir / "fleet.yaml",
             "site: jhb1\nmaster:\n  ip: 10.0.0.1\nworkers:\n  - name: a\n    ip: 10.0.0.11\n"
             "  - name: a\n    ip: 10.0.0.12\n");
  auto check = overview({"check", "--fleet", (dir / "fleet.yaml").string(), "--no-probe"});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_EQ(check.out, "error: " + (dir / "fleet.yaml").string() +
                           ":7: workers[1].name: duplicate name 'a' (first at line 5)\n");
}

}  // namespace
}  // namespace dcm::test
