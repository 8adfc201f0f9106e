// Chassis power over IPMI 2.0 LAN against ipmi_sim: status, power actions (the simulator's chassis_control
// helper keeps the state in a file, which ipmitool reads back too), privilege, and session re-use.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "core/sys/clock.hpp"
#include "ipmi/bmc/ipmi_lan.hpp"
#include "tests/integration/ipmi/simulated_bmc_config.hpp"
#include "tests/support/ipmi_sim.hpp"
#include "tests/support/ipmi_sim_fleet.hpp"

namespace dcm::test {
namespace {

using namespace std::chrono_literals;
using ipmi::bmc::BmcError;
using ipmi::bmc::IpmiLanClient;

class IpmiLanPower : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto missing = missing_ipmi_sim_tools(); !missing.empty()) {
      FAIL() << missing;
    }
    fleet_ = std::make_unique<IpmiSimFleet>(std::vector<std::string>{"healthy"});
  }
  SimulatedBmc& bmc() { return (*fleet_)[0]; }

  std::string ipmitool_power() {
    auto result = bmc().ipmitool({"chassis", "power", "status"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }

  core::sys::SystemClock clock_;
  std::unique_ptr<IpmiSimFleet> fleet_;
};

TEST_F(IpmiLanPower, ReadsChassisPowerAndNoDcmiReadingFromABmcWithoutDcmi) {
  IpmiLanClient client(config_for(bmc()), clock_);
  const auto power = client.read_power();
  ASSERT_TRUE(power.on);
  EXPECT_TRUE(*power.on);
  EXPECT_FALSE(power.watts) << "ipmi_sim answers DCMI with 'invalid command': no reading, and no error";
  EXPECT_NE(ipmitool_power().find("Chassis Power is on"), std::string::npos);
}

TEST_F(IpmiLanPower, PowerActionsDriveTheChassis) {
  IpmiLanClient client(config_for(bmc()), clock_);
  client.power_action("off");
  EXPECT_FALSE(bmc().power_on());
  EXPECT_EQ(client.read_power().on, false);
  EXPECT_NE(ipmitool_power().find("Chassis Power is off"), std::string::npos);

  client.power_action("on");
  EXPECT_TRUE(bmc().power_on());
  EXPECT_EQ(client.read_power().on, true);
  EXPECT_NE(ipmitool_power().find("Chassis Power is on"), std::string::npos);

  // Cycle: ipmi_sim turns the power off, then on again a second later from a timer.
  client.power_action("cycle");
  bool back_on = false;
  for (int poll = 0; poll < 100 && !back_on; ++poll) {
    back_on = client.read_power().on.value_or(false);
    if (!back_on) {
      std::this_thread::sleep_for(100ms);
    }
  }
  EXPECT_TRUE(back_on) << "power came back after the cycle";

  EXPECT_NO_THROW(client.power_action("reset"));
  EXPECT_EQ(client.read_power().on, true);
}

TEST_F(IpmiLanPower, RefusesUnknownActions) {
  IpmiLanClient client(config_for(bmc()), clock_);
  const BmcError error = expect_bmc_error([&] { client.power_action("explode"); });
  EXPECT_EQ(error.kind(), BmcError::Kind::kUnsupported);
  EXPECT_STREQ(error.what(), "unknown power action \"explode\" (expected on, off, cycle or reset)");
  EXPECT_TRUE(bmc().power_on());
}

TEST_F(IpmiLanPower, AUserPrivilegeSessionCannotControlPower) {
  auto config = config_for(bmc());
  config.user = kBmcViewer;
  config.privilege = ipmi::Privilege::kUser;
  IpmiLanClient client(config, clock_);
  EXPECT_EQ(client.read_power().on, true) << "reading is allowed";
  const BmcError error = expect_bmc_error([&] { client.power_action("off"); });
  EXPECT_EQ(error.kind(), BmcError::Kind::kAuthentication);
  EXPECT_STREQ(error.what(),
               "Chassis Control (power off) not permitted at privilege user for user \"viewer\"");
  EXPECT_TRUE(bmc().power_on());
  EXPECT_EQ(client.read_power().on, true) << "the session survives a refused command";
  EXPECT_EQ(client.stats().sessions_opened, 1u);
}

TEST_F(IpmiLanPower, ReusesOneSessionUntilItHasBeenIdleTooLong) {
  core::sys::FakeClock clock;
  ipmi::bmc::IpmiLanOptions options;
  options.session_idle_limit = 20s;
  IpmiLanClient client(config_for(bmc()), clock, options);
  for (int i = 0; i < 5; ++i) {
    client.read_power();
    client.read_sel_info();
    clock.advance(5s);
  }
  EXPECT_EQ(client.stats().sessions_opened, 1u);
  clock.advance(30s);
  client.read_power();
  EXPECT_EQ(client.stats().sessions_opened, 2u) << "an idle session is replaced, not risked";
}

}  // namespace
}  // namespace dcm::test
