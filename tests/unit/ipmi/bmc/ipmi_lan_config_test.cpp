// The IPMI LAN client's configuration checks: what needs no BMC to be tested.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/sys/clock.hpp"
#include "ipmi/bmc/ipmi_lan.hpp"
#include "ipmi/bmc/ipmi_session.hpp"
#include "tests/support/paths.hpp"

namespace dcm::ipmi::bmc {
namespace {

using namespace std::chrono_literals;

ServerConfig valid() {
  ServerConfig config;
  config.name = "gpu-node-01";
  config.bmc_host = "10.0.0.11";
  config.user = "admin";
  config.password = "s3cret-pass";
  config.cipher_suite = 3;
  config.workaround_flags = {"opensesspriv"};
  return config;
}

TEST(IpmiConfigProblem, AcceptsAUsualServer) {
  EXPECT_EQ(ipmi_config_problem(valid()), "");
}

TEST(IpmiConfigProblem, ExplainsEachMistake) {
  struct Case {
    void (*change)(ServerConfig&);
    std::string problem;
  };
  for (const auto& c : std::vector<Case>{
           {[](ServerConfig& s) { s.bmc_host.clear(); }, "no BMC address"},
           {[](ServerConfig& s) { s.bmc_port = 70000; }, "BMC port 70000 is out of range"},
           {[](ServerConfig& s) { s.cipher_suite = 4; },
            "cipher suite 4 is not one FreeIPMI supports (0-3, 6-8, 11-12, 15-17)"},
           {[](ServerConfig& s) { s.cipher_suite = 300; },
            "cipher suite 300 is not one FreeIPMI supports (0-3, 6-8, 11-12, 15-17)"},
           {[](ServerConfig& s) { s.user = std::string(17, 'u'); },
            "the BMC user name is 17 characters long; IPMI allows at most 16"},
           {[](ServerConfig& s) { s.password = std::string(21, 'p'); },
            "the BMC password is 21 characters long; IPMI 2.0 allows at most 20"},
           {[](ServerConfig& s) { s.timeout = 0ms; }, "timeout must be positive"},
           {[](ServerConfig& s) { s.workaround_flags = {"nosuchflag"}; },
            "unknown workaround flag \"nosuchflag\" (accepted: " + known_workaround_flags() + ")"},
       }) {
    ServerConfig config = valid();
    c.change(config);
    EXPECT_EQ(ipmi_config_problem(config), c.problem);
  }
}

TEST(IpmiConfigProblem, NeverQuotesThePassword) {
  ServerConfig config = valid();
  config.password = "hunter2-hunter2-hunter2";
  const std::string problem = ipmi_config_problem(config);
  EXPECT_NE(problem, "");
  EXPECT_EQ(problem.find("hunter2"), std::string::npos);
}

TEST(FreeIpmiHost, AddsThePortOnlyWhenItIsNotTheDefault) {
  ServerConfig config = valid();
  EXPECT_EQ(freeipmi_host(config), "10.0.0.11");
  config.bmc_port = 623;
  EXPECT_EQ(freeipmi_host(config), "10.0.0.11");
  config.bmc_port = 16230;
  EXPECT_EQ(freeipmi_host(config), "10.0.0.11:16230");
  config.bmc_host = "fd00::11";
  EXPECT_EQ(freeipmi_host(config), "[fd00::11]:16230");
  config.bmc_host = "bmc-01.dc.example";
  EXPECT_EQ(freeipmi_host(config), "bmc-01.dc.example:16230");
}

TEST(IpmiLanClient, FailsEveryCallWithTheConfigProblemInsteadOfThrowingAtConstruction) {
  core::sys::FakeClock clock;
  ServerConfig config = valid();
  config.cipher_suite = 5;
  IpmiLanClient client(config, clock);
  for (auto call : std::vector<void (*)(IpmiLanClient&)>{
           [](IpmiLanClient& c) { c.read_power(); },
           [](IpmiLanClient& c) { c.read_sensors(); },
           [](IpmiLanClient& c) { c.read_sel_info(); },
           [](IpmiLanClient& c) { c.read_sel(SelCursor{}); },
           [](IpmiLanClient& c) { c.power_action("on"); },
       }) {
    try {
      call(client);
      FAIL() << "expected a BmcError";
    } catch (const BmcError& error) {
      EXPECT_EQ(error.kind(), BmcError::Kind::kUnsupported);
      EXPECT_STREQ(error.what(), "cipher suite 5 is not one FreeIPMI supports (0-3, 6-8, 11-12, 15-17)");
    }
  }
}

TEST(IpmiLanClient, KeepsItsSdrCacheInADirectoryPerBmc) {
  core::sys::FakeClock clock;
  test::TempDir scratch;
  const auto root = scratch / "sdr";
  ServerConfig config = valid();
  config.bmc_port = 16230;
  {
    IpmiLanClient client(config, clock, IpmiLanOptions{root});
    EXPECT_EQ(client.sdr_cache_dir(), root / "10.0.0.11_16230");
    EXPECT_TRUE(std::filesystem::is_directory(client.sdr_cache_dir()));
  }
  EXPECT_TRUE(std::filesystem::is_directory(root / "10.0.0.11_16230"))
      << "a configured cache outlives the client";

  std::filesystem::path private_dir;
  {
    IpmiLanClient client(config, clock);
    private_dir = client.sdr_cache_dir();
    EXPECT_TRUE(std::filesystem::is_directory(private_dir));
  }
  EXPECT_FALSE(std::filesystem::exists(private_dir)) << "a private cache goes with its client";
}

TEST(RetransmissionInterval, IsAFifthOfTheTimeoutWithinBounds) {
  EXPECT_EQ(retransmission_interval(5000ms), 1000ms);
  EXPECT_EQ(retransmission_interval(20000ms), 1000ms);
  EXPECT_EQ(retransmission_interval(1000ms), 200ms);
  EXPECT_EQ(retransmission_interval(200ms), 100ms);
}

}  // namespace
}  // namespace dcm::ipmi::bmc
