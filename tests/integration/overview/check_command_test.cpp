// `dc-overview check` against a loopback fleet of real exporters plus one port with nothing listening, one
// that accepts and never answers, one HTTP server without /metrics and one that answers HTML: the table says
// up or down with the right reason for each.
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/http/server.hpp"
#include "tests/integration/overview/loopback_fleet.hpp"

namespace dcm::test {
namespace {

// A socket that is listening (connections complete in the kernel's backlog) but never accepts or answers.
class SilentPort {
 public:
  SilentPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 16);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~SilentPort() { ::close(fd_); }
  SilentPort(const SilentPort&) = delete;
  SilentPort& operator=(const SilentPort&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

struct Row {
  std::string job, target, state, detail;
};

// The table's rows by instance.
std::map<std::string, Row> table_of(const std::string& output) {
  std::map<std::string, Row> rows;
  std::istringstream in(output);
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.starts_with("JOB ")) {
      in_table = true;
      continue;
    }
    if (!in_table || line.empty() || line.find(" targets down.") != std::string::npos ||
        line == "All targets up.") {
      continue;
    }
    std::istringstream fields(line);
    Row row;
    std::string instance;
    fields >> row.job >> instance >> row.target >> row.state;
    std::getline(fields, row.detail);
    row.detail.erase(0, row.detail.find_first_not_of(' '));
    rows[row.job + "/" + instance] = row;
  }
  return rows;
}

TEST(OverviewCheck, TheTableSaysWhichTargetsAreUpAndWhyTheOthersAreDown) {
  ASSERT_TRUE(have_program("prometheus-node-exporter")) << "run scripts/deps";
  LoopbackFleet fleet({.dc_exporters = 2, .bmc = false});
  ASSERT_TRUE(fleet.setup_ok());
  const auto& dir = fleet.dir();

  core::http::ServerOptions html_options;
  core::http::Server html(html_options);
  html.get("/metrics", [](const core::http::Request&, core::http::Response& response) {
    response.set_content("<!DOCTYPE html>\n<html><body>Please log in</body></html>\n", "text/html");
  });
  const int html_port = html.bind();
  html.start();
  core::http::ServerOptions plain_options;
  core::http::Server no_metrics(plain_options);
  const int no_metrics_port = no_metrics.bind();
  no_metrics.start();
  SilentPort silent;
  const int refused = free_port();

  write_file(dir / "fleet.yaml",
             "site: probe\n"
             "prometheus:\n"
             "  runs_in: host\n"
             "  port: " +
                 std::to_string(free_port()) +
                 "\n"
                 "master:\n"
                 "  ip: 127.0.0.1\n"
                 "  node_exporter_port: " +
                 std::to_string(fleet.node_exporter_port()) +
                 "\n"
                 "ipmi_monitor:\n"
                 "  port: " +
                 std::to_string(no_metrics_port) +
                 "\n"
                 "watchdog:\n"
                 "  url: http://127.0.0.1:" +
                 std::to_string(html_port) +
                 "\n"
                 "workers:\n"
                 "  - {name: up-a, ip: 127.0.0.1, exporters: [dc_exporter], ports: {dc_exporter: " +
                 std::to_string(fleet.dc_exporter_port(0)) +
                 "}}\n"
                 "  - {name: up-b, ip: 127.0.0.1, exporters: [dc_exporter], ports: {dc_exporter: " +
                 std::to_string(fleet.dc_exporter_port(1)) +
                 "}}\n"
                 "  - {name: refused, ip: 127.0.0.1, exporters: [dc_exporter], ports: {dc_exporter: " +
                 std::to_string(refused) +
                 "}}\n"
                 "  - {name: silent, ip: 127.0.0.1, exporters: [dc_exporter], ports: {dc_exporter: " +
                 std::to_string(silent.port()) + "}}\n");
  auto generate = run_process({binary_path("dc-overview").string(), "generate", "--fleet",
                               (dir / "fleet.yaml").string(), "--out", (dir / "generated").string()});
  ASSERT_EQ(generate.exit_code, 0) << generate.out << generate.err;

  auto check =
      run_process({binary_path("dc-overview").string(), "check", "--fleet", (dir / "fleet.yaml").string(),
                   "--out", (dir / "generated").string(), "--timeout", "1s"});
  EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
  EXPECT_NE(check.out.find("promtool check config"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("promtool test rules"), std::string::npos) << check.out;
  EXPECT_EQ(check.out.find("FAILED"), std::string::npos) << check.out;

  auto rows = table_of(check.out);
  ASSERT_EQ(rows.size(), 8u) << check.out;
  auto expect_row = [&rows, &check](const std::string& key, const std::string& state,
                                    const std::string& detail) {
    ASSERT_TRUE(rows.count(key)) << key << "\n" << check.out;
    EXPECT_EQ(rows[key].state, state) << key << "\n" << check.out;
    EXPECT_TRUE(rows[key].detail.starts_with(detail)) << key << ": " << rows[key].detail;
  };
  expect_row("dc-exporter/up-a", "up", "");
  EXPECT_NE(rows["dc-exporter/up-a"].detail.find(" samples, "), std::string::npos);
  expect_row("dc-exporter/up-b", "up", "");
  expect_row("node/master", "up", "");
  expect_row("dc-exporter/refused", "down", "connection refused");
  expect_row("dc-exporter/silent", "down", "timeout after 1 s (connected, no answer)");
  expect_row("ipmi-monitor/master", "down", "HTTP 404");
  expect_row("dc-watchdog/127.0.0.1", "down",
             "not Prometheus format (line 1: '<!DOCTYPE html>' is not a sample)");
  expect_row("prometheus/master", "down", "connection refused");
  EXPECT_NE(check.out.find("5 of 8 targets down."), std::string::npos) << check.out;
  html.stop();
  no_metrics.stop();
}

TEST(OverviewCheck, AllTargetsUpAndNothingWrongExitsZero) {
  ASSERT_TRUE(have_program("prometheus-node-exporter")) << "run scripts/deps";
  LoopbackFleet fleet({.dc_exporters = 2, .bmc = false});
  ASSERT_TRUE(fleet.setup_ok());
  const auto& dir = fleet.dir();
  // The second dc-exporter stands in for Prometheus's own /metrics.
  write_file(dir / "fleet.yaml",
             "site: probe\n"
             "prometheus:\n"
             "  runs_in: host\n"
             "  port: " +
                 std::to_string(fleet.dc_exporter_port(1)) +
                 "\n"
                 "master:\n"
                 "  ip: 127.0.0.1\n"
                 "  node_exporter_port: " +
                 std::to_string(fleet.node_exporter_port()) +
                 "\n"
                 "ipmi_monitor:\n"
                 "  enabled: false\n"
                 "workers:\n"
                 "  - {name: a, ip: 127.0.0.1, exporters: [dc_exporter], ports: {dc_exporter: " +
                 std::to_string(fleet.dc_exporter_port(0)) + "}}\n");
  write_file(dir / ".env", "GRAFANA_ADMIN_PASS=Jw7-not-a-placeholder\n");
  ASSERT_EQ(::chmod((dir / ".env").c_str(), 0600), 0);
  auto generate = run_process({binary_path("dc-overview").string(), "generate", "--fleet",
                               (dir / "fleet.yaml").string(), "--out", (dir / "generated").string()});
  ASSERT_EQ(generate.exit_code, 0) << generate.out << generate.err;

  auto check =
      run_process({binary_path("dc-overview").string(), "check", "--fleet", (dir / "fleet.yaml").string(),
                   "--out", (dir / "generated").string(), "--timeout", "5s"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("pitfalls: none found"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("All targets up."), std::string::npos) << check.out;
  EXPECT_EQ(table_of(check.out).size(), 3u) << check.out;
  // The secret is never echoed.
  EXPECT_EQ(check.out.find("Jw7-not-a-placeholder"), std::string::npos);
}

}  // namespace
}  // namespace dcm::test
