// The seed's pitfalls as `dc-overview check` finds them in a generated directory someone edited by hand,
// and in .env.
#include "overview/check/pitfalls.hpp"

#include <algorithm>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "overview/generate.hpp"
#include "overview/output_writer.hpp"
#include "tests/support/paths.hpp"

namespace dcm::overview {
namespace {

class Pitfalls : public ::testing::Test {
 protected:
  void SetUp() override {
    fleet_ = load_fleet(test::source_path("deploy/examples/fleet.yaml"));
    write_output_dir(render_all(fleet_, {}), dir_ / "generated");
  }

  std::vector<std::string> messages() {
    std::vector<std::string> out;
    for (const auto& finding : check_generated(fleet_, dir_ / "generated")) {
      out.push_back(std::string(finding.level == Finding::Level::kError ? "error: " : "warning: ") +
                    finding.message);
    }
    return out;
  }

  void replace(const std::string& file, const std::string& from, const std::string& to) {
    auto text = test::read_file(dir_ / "generated" / file);
    auto pos = text.find(from);
    ASSERT_NE(pos, std::string::npos) << from;
    text.replace(pos, from.size(), to);
    test::write_file(dir_ / "generated" / file, text);
  }

  Fleet fleet_;
  test::TempDir dir_;
};

TEST_F(Pitfalls, AFreshlyGeneratedDirectoryHasNone) {
  EXPECT_TRUE(messages().empty()) << messages().front();
}

TEST_F(Pitfalls, LocalhostTargetsInsideDockerAreFound) {
  replace("prometheus.yml", "'192.168.1.101:9100'", "'localhost:9100'");
  EXPECT_EQ(messages(),
            std::vector<std::string>{
                "error: prometheus.yml: job 'node' scrapes localhost:9100: inside Docker, localhost is "
                "the Prometheus container itself (use the host's address)"});
}

TEST_F(Pitfalls, DroppedRuleFilesAreFound) {
  replace("prometheus.yml", "rule_files:\n  - 'rules/recording.yml'\n  - 'rules/alerts.yml'\n", "");
  EXPECT_EQ(messages(),
            std::vector<std::string>{"error: prometheus.yml: no rule_files: the alerting and recording "
                                     "rules are not loaded (run dc-overview generate again)"});
}

TEST_F(Pitfalls, TheSeedsOneJobPerHostLayoutIsFound) {
  // The seed's per-host job: two exporters of one host in one job, both labelled instance=master.
  replace("prometheus.yml", "'192.168.1.100:9100'", "'192.168.1.100:9100', '192.168.1.100:9500'");
  EXPECT_EQ(messages(),
            std::vector<std::string>{
                "error: prometheus.yml: job 'node' labels both 192.168.1.100:9100 and 192.168.1.100:9500 "
                "instance='master': their series collide (give each job one target per instance)"});
}

TEST_F(Pitfalls, ATargetScrapedTwiceIsFound) {
  replace("prometheus.yml", "'192.168.1.100:5000'", "'192.168.1.101:9100'");
  EXPECT_EQ(messages(),
            std::vector<std::string>{
                "error: prometheus.yml: 192.168.1.101:9100 is scraped by job 'node' and again by job "
                "'ipmi-monitor'"});
}

TEST_F(Pitfalls, PrometheusPublishedOnAllAddressesIsFound) {
  replace("docker-compose.yml", "\"127.0.0.1:9090:9090\"", "\"9090:9090\"");
  EXPECT_EQ(messages(),
            std::vector<std::string>{
                "error: docker-compose.yml: Prometheus is published on all addresses (9090:9090): it "
                "has no authentication and Docker bypasses ufw, so it is public (publish on "
                "127.0.0.1)"});
}

TEST_F(Pitfalls, OtherServicesOnAllAddressesAreWarnedAbout) {
  replace("docker-compose.yml", "\"127.0.0.1:3000:3000\"", "\"0.0.0.0:3000:3000\"");
  EXPECT_EQ(messages(),
            std::vector<std::string>{"warning: docker-compose.yml: grafana is published on all "
                                     "addresses (0.0.0.0:3000:3000); Docker bypasses ufw (publish on "
                                     "127.0.0.1)"});
}

TEST_F(Pitfalls, APortPublishedTwiceIsFound) {
  replace("docker-compose.yml", "\"127.0.0.1:3000:3000\"", "\"127.0.0.1:9090:3000\"");
  EXPECT_EQ(messages(),
            std::vector<std::string>{
                "error: docker-compose.yml: port 9090 is published by both grafana and prometheus"});
}

TEST_F(Pitfalls, AProxyToPrometheusIsFound) {
  replace("nginx/dc-monitoring.conf", "proxy_pass http://127.0.0.1:3000;",
          "proxy_pass http://127.0.0.1:9090;");
  auto found = messages();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].starts_with("error: nginx/dc-monitoring.conf:")) << found[0];
  EXPECT_NE(found[0].find("proxies to Prometheus (proxy_pass http://127.0.0.1:9090;)"), std::string::npos);
}

TEST_F(Pitfalls, MissingAndPlaceholderSecretsAreFound) {
  const auto env = dir_ / ".env";
  test::write_file(env, "GRAFANA_ADMIN_PASS=your_secure_password\nIPMI_USER=admin\nIPMI_PASS=\n");
  ::chmod(env.c_str(), 0644);
  std::vector<std::string> found;
  for (const auto& finding : check_env(fleet_, env)) {
    found.push_back(finding.message);
  }
  const auto path = env.string();
  EXPECT_EQ(found,
            (std::vector<std::string>{
                path + ": mode 0644 lets other users read the secrets (chmod 600 " + path + ")",
                path + ": GRAFANA_ADMIN_PASS is still a placeholder (Grafana's admin password (user admin).)",
                path + ": IPMI_PASS is empty (BMC password for IPMI_USER.)",
                path + ": WATCHDOG_API_KEY is missing (dc-watchdog's enrollment key (its API_KEY), for "
                       "enrolling the workers' agents.)"}));
}

TEST_F(Pitfalls, CompleteSecretsInAPrivateFilePass) {
  const auto env = dir_ / ".env";
  test::write_file(env, "GRAFANA_ADMIN_PASS=k2Jd9\nIPMI_USER=admin\nIPMI_PASS=b9x\nWATCHDOG_API_KEY=w8\n");
  ::chmod(env.c_str(), 0600);
  EXPECT_TRUE(check_env(fleet_, env).empty());
  EXPECT_EQ(check_env(fleet_, dir_ / "absent.env").size(), 1u);
}

}  // namespace
}  // namespace dcm::overview
