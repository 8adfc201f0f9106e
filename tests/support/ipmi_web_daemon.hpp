// ipmi-monitor for the web tests: the real binary over two simulated BMCs (ipmi_sim "healthy" and
// "critical_events") plus a server named `<script>alert(1)</script>` whose BMC does not answer, with fast
// collection. Header-only: used by the API integration tests and the browser tests.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <httplib.h>

#include "tests/support/ipmi_sim_fleet.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {

inline constexpr const char* kXssServerName = "<script>alert(1)</script>";

class IpmiWebDaemon {
 public:
  // `admin_password`: set IPMI_MONITOR_ADMIN_PASS (empty: first start with no user).
  explicit IpmiWebDaemon(const std::string& admin_password = {}) {
    std::string yaml = "defaults:\n  user: dcmon\n  password: " + std::string(kBmcPassword) +
                       "\n  cipher_suite: 3\n  workaround_flags: [opensesspriv]\n  timeout: 2s\nservers:\n";
    yaml += "  - name: ipmi-healthy\n    bmc: 127.0.0.1:" + std::to_string(ipmi_[0].port()) +
            "\n    tags: {site: lab1}\n";
    yaml += "  - name: ipmi-critical\n    bmc: 127.0.0.1:" + std::to_string(ipmi_[1].port()) +
            "\n    tags: {site: lab2}\n";
    yaml += "  - name: \"" + std::string(kXssServerName) +
            "\"\n    bmc: 127.0.0.1:" + std::to_string(free_udp_port()) + "\n    tags: {site: lab1}\n";
    write_file(dir_ / "servers.yaml", yaml);
    write_file(
        dir_ / "config.yaml",
        "collection:\n  workers: 4\n  power_interval: 5s\n  sensor_interval: 5s\n  sel_interval: 5s\n");
    port_ = free_port();
    std::map<std::string, std::string> env;
    if (!admin_password.empty()) {
      env["IPMI_MONITOR_ADMIN_PASS"] = admin_password;
    }
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{binary_path("ipmi-monitor").string(), "--config",
                                 (dir_ / "config.yaml").string(), "--servers",
                                 (dir_ / "servers.yaml").string(), "--data-dir", (dir_ / "data").string(),
                                 "--listen", "127.0.0.1:" + std::to_string(port_)},
        env);
    started_ = wait_for_http("127.0.0.1", port_, "/healthz").has_value();
  }

  bool started() const { return started_; }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::filesystem::path data_dir() const { return dir_ / "data"; }
  std::string log() const { return process_->err(); }
  httplib::Client client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(10, 0);
    return client;
  }

 private:
  TempDir dir_;
  IpmiSimFleet ipmi_{{"healthy", "critical_events"}};
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
  bool started_ = false;
};

}  // namespace dcm::test
