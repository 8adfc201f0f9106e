// BMCs that refuse us, stop answering or answer garbage: every call ends in a BmcError of the right kind with
// a clean message, within the configured timeout, and the client recovers when the BMC does.
#include <chrono>

#include <gtest/gtest.h>

#include "core/sys/clock.hpp"
#include "ipmi/bmc/ipmi_lan.hpp"
#include "tests/integration/ipmi/simulated_bmc_config.hpp"
#include "tests/support/ipmi_sim.hpp"
#include "tests/support/ipmi_sim_fleet.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {
namespace {

using namespace std::chrono_literals;
using ipmi::SelCursor;
using ipmi::bmc::BmcError;
using ipmi::bmc::IpmiLanClient;
using Kind = BmcError::Kind;

// Not a timing assertion on the BMC: a bound on our own timeout handling, generous enough for a loaded
// machine, that a hang (no timeout at all) would blow through.
constexpr auto kTimeout = 1s;
constexpr auto kBound = 15s;

template <class Call>
std::chrono::steady_clock::duration timed(Call&& call) {
  const auto start = std::chrono::steady_clock::now();
  call();
  return std::chrono::steady_clock::now() - start;
}

class IpmiLanFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto missing = missing_ipmi_sim_tools(); !missing.empty()) {
      FAIL() << missing;
    }
  }
  core::sys::SystemClock clock_;
};

TEST_F(IpmiLanFaults, AWrongPasswordIsAnAuthenticationFailure) {
  IpmiSimFleet fleet({"wrong_password"});
  IpmiLanClient client(config_for(fleet[0], kTimeout), clock_);
  const BmcError power = expect_bmc_error([&] { client.read_power(); });
  EXPECT_EQ(power.kind(), Kind::kAuthentication);
  EXPECT_EQ(std::string(power.what()).rfind("authentication failed: wrong password for user \"dcmon\"", 0),
            0u)
      << power.what();
  const BmcError sensors = expect_bmc_error([&] { client.read_sensors(); });
  EXPECT_EQ(sensors.kind(), Kind::kAuthentication) << sensors.what();
  const BmcError sel = expect_bmc_error([&] { client.read_sel(SelCursor{}); });
  EXPECT_EQ(sel.kind(), Kind::kAuthentication) << sel.what();
  EXPECT_EQ(client.stats().sessions_opened, 0u);
}

TEST_F(IpmiLanFaults, AnUnknownUserIsAnAuthenticationFailure) {
  IpmiSimFleet fleet({"healthy"});
  auto config = config_for(fleet[0], kTimeout);
  config.user = "nobody";
  IpmiLanClient client(config, clock_);
  const BmcError error = expect_bmc_error([&] { client.read_power(); });
  EXPECT_EQ(error.kind(), Kind::kAuthentication);
  EXPECT_STREQ(error.what(), "authentication failed: the BMC does not know user \"nobody\"");
}

TEST_F(IpmiLanFaults, AStoppedBmcTimesOutWithinTheTimeoutAndIsPickedUpAgain) {
  IpmiSimFleet fleet({"healthy"});
  IpmiLanClient client(config_for(fleet[0], kTimeout), clock_);
  ASSERT_EQ(client.read_power().on, true);

  fleet[0].pause();
  BmcError power(Kind::kProtocol, "");
  EXPECT_LT(timed([&] { power = expect_bmc_error([&] { client.read_power(); }); }), kBound);
  EXPECT_EQ(power.kind(), Kind::kTimeout);
  EXPECT_STREQ(power.what(), "timeout after 1 s (Get Chassis Status)") << "on the session opened before";

  BmcError sensors(Kind::kProtocol, "");
  EXPECT_LT(timed([&] { sensors = expect_bmc_error([&] { client.read_sensors(); }); }), kBound);
  EXPECT_EQ(sensors.kind(), Kind::kTimeout) << sensors.what();
  EXPECT_STREQ(sensors.what(), "timeout after 1 s (opening a session)")
      << "the timed-out command dropped its session; the next call opens a new one";

  fleet[0].resume();
  EXPECT_EQ(client.read_power().on, true) << "back once the BMC answers again";
  EXPECT_EQ(client.read_sel(SelCursor{}).size(), 1u);
}

TEST_F(IpmiLanFaults, AStoppedBmcFailsTheCommandInFlightOnTheOpenSession) {
  IpmiSimFleet fleet({"healthy"});
  IpmiLanClient client(config_for(fleet[0], kTimeout), clock_);
  ASSERT_EQ(client.read_sel_info().entries, 1u);
  fleet[0].pause();
  const BmcError error = expect_bmc_error([&] { client.read_sel_info(); });
  EXPECT_EQ(error.kind(), Kind::kTimeout);
  EXPECT_STREQ(error.what(), "timeout after 1 s (Get SEL Info)");
  fleet[0].resume();
}

TEST_F(IpmiLanFaults, NothingListeningIsATimeout) {
  ipmi::ServerConfig config;
  config.name = "gone";
  config.bmc_host = "127.0.0.1";
  config.bmc_port = free_udp_port();
  config.user = kBmcUser;
  config.password = kBmcPassword;
  config.timeout = kTimeout;
  IpmiLanClient client(config, clock_);
  BmcError error(Kind::kProtocol, "");
  EXPECT_LT(timed([&] { error = expect_bmc_error([&] { client.read_power(); }); }), kBound);
  EXPECT_EQ(error.kind(), Kind::kTimeout) << error.what();
}

TEST_F(IpmiLanFaults, GarbageAnswersAreAnErrorNotACrash) {
  JunkUdpServer junk;
  ipmi::ServerConfig config;
  config.name = "junk";
  config.bmc_host = "127.0.0.1";
  config.bmc_port = junk.port();
  config.user = kBmcUser;
  config.password = kBmcPassword;
  config.workaround_flags = {"opensesspriv"};
  config.timeout = kTimeout;
  IpmiLanClient client(config, clock_);
  for (const auto& call : std::vector<std::function<void()>>{
           [&] { client.read_power(); },
           [&] { client.read_sensors(); },
           [&] { client.read_sel(SelCursor{}); },
           [&] { client.power_action("off"); },
       }) {
    BmcError error(Kind::kProtocol, "");
    EXPECT_LT(timed([&] { error = expect_bmc_error(call); }), kBound);
    EXPECT_TRUE(error.kind() == Kind::kTimeout || error.kind() == Kind::kProtocol) << error.what();
  }
  EXPECT_GT(junk.datagrams_answered(), 0u) << "the client did talk to the junk server";
}

TEST_F(IpmiLanFaults, ACipherSuiteTheBmcLacksIsNamed) {
  IpmiSimFleet fleet({"healthy"});
  auto config = config_for(fleet[0], kTimeout);
  config.cipher_suite = 17;
  IpmiLanClient client(config, clock_);
  const BmcError error = expect_bmc_error([&] { client.read_power(); });
  EXPECT_EQ(error.kind(), Kind::kUnsupported);
  EXPECT_STREQ(error.what(), "cipher suite 17 not supported (the BMC accepts cipher suite 3)");
}

TEST_F(IpmiLanFaults, WithoutOpensessprivIpmiSimRefusesThePrivilege) {
  IpmiSimFleet fleet({"healthy"});
  auto config = config_for(fleet[0], kTimeout);
  config.workaround_flags.clear();
  IpmiLanClient client(config, clock_);
  const BmcError error = expect_bmc_error([&] { client.read_power(); });
  EXPECT_EQ(error.kind(), Kind::kAuthentication);
  EXPECT_STREQ(
      error.what(),
      "authentication failed: the BMC refused privilege admin for user \"dcmon\" (lower `privilege`, or "
      "try workaround flag opensesspriv)");
}

}  // namespace
}  // namespace dcm::test
