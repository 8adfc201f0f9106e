// Several simulated BMCs at once, on one host address with different ports: each client gets its own BMC's
// answers, its own SDR cache, and a bad BMC fails only its own client.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/sys/clock.hpp"
#include "ipmi/bmc/ipmi_lan.hpp"
#include "ipmi/sel/incremental_sel.hpp"
#include "tests/integration/ipmi/simulated_bmc_config.hpp"
#include "tests/support/ipmi_sim.hpp"
#include "tests/support/ipmi_sim_fleet.hpp"
#include "tests/support/paths.hpp"

namespace dcm::test {
namespace {

using ipmi::SelCursor;
using ipmi::Severity;
using ipmi::bmc::BmcError;
using ipmi::bmc::IpmiLanClient;
using ipmi::bmc::IpmiLanOptions;

class IpmiLanFleet : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto missing = missing_ipmi_sim_tools(); !missing.empty()) {
      FAIL() << missing;
    }
  }
  core::sys::SystemClock clock_;
  TempDir cache_;
};

TEST_F(IpmiLanFleet, EachClientSeesItsOwnBmc) {
  IpmiSimFleet fleet({"healthy", "critical_events", "wrong_password"});
  IpmiLanOptions options;
  options.sdr_cache_root = cache_ / "sdr";
  IpmiLanClient healthy(config_for(fleet[0], std::chrono::seconds(2)), clock_, options);
  IpmiLanClient critical(config_for(fleet[1], std::chrono::seconds(2)), clock_, options);
  IpmiLanClient refused(config_for(fleet[2], std::chrono::seconds(2)), clock_, options);

  EXPECT_EQ(expect_bmc_error([&] { refused.read_power(); }).kind(), BmcError::Kind::kAuthentication);
  EXPECT_EQ(healthy.read_power().on, true);
  EXPECT_EQ(critical.read_power().on, true);

  const auto healthy_events = healthy.read_sel(SelCursor{});
  const auto critical_events = critical.read_sel(SelCursor{});
  ASSERT_EQ(healthy_events.size(), 1u);
  EXPECT_EQ(healthy_events[0].severity, Severity::kInfo);
  ASSERT_EQ(critical_events.size(), 9u);
  EXPECT_EQ(critical_events[0].severity, Severity::kCritical);

  EXPECT_NE(healthy.sdr_cache_dir(), critical.sdr_cache_dir());
  EXPECT_EQ(healthy.sdr_cache_dir().parent_path(), cache_ / "sdr");
}

TEST_F(IpmiLanFleet, KeepsSdrCachesApartForBmcsOnTheSameAddress) {
  IpmiSimFleet fleet({"healthy", "healthy"});
  IpmiLanOptions options;
  options.sdr_cache_root = cache_ / "sdr";
  IpmiLanClient first(config_for(fleet[0]), clock_, options);
  IpmiLanClient second(config_for(fleet[1]), clock_, options);
  SelCursor first_cursor;
  SelCursor second_cursor;
  auto sweep = [](IpmiLanClient& client, SelCursor& cursor) {
    const auto info = client.read_sel_info();
    auto events = client.read_sel(cursor);
    cursor = ipmi::sel::advance_cursor(cursor, info, events);
    return events;
  };
  sweep(first, first_cursor);
  sweep(second, second_cursor);

  // Only the first BMC gets sensor 10 ("GPU0 Temp"); both log an event from sensor 10.
  const auto added = fleet[0].console(
      "main_sdr_add 0x20 0x00 0x00 0x51 0x01 0x34 0x20 0x00 0x0a 0x03 0x02 0x67 0x40 0x01 0x01 0x00 0x00 "
      "0x00 0x00 "
      "0x00 0x00 0x00 0x01 0x00 0x00 0x01 0x00 0x00 0x00 0x00 0x00 0x00 0x32 0x00 0x00 0xff 0x00 0x00 0x00 "
      "0x00 0x00 "
      "0x00 0x00 0x00 0x00 0x00 0x00 0x00 0xc9 'G 'P 'U '0 0x20 'T 'e 'm 'p");
  ASSERT_EQ(added.find("**"), std::string::npos) << added;
  const std::string event = "0x02 0 0 0 0 0x20 0x00 0x04 0x01 0x0a 0x01 0x09 0xff 0xff";
  fleet[0].add_sel_record(event);
  fleet[1].add_sel_record(event);

  const auto from_first = sweep(first, first_cursor);
  const auto from_second = sweep(second, second_cursor);
  ASSERT_EQ(from_first.size(), 1u);
  ASSERT_EQ(from_second.size(), 1u);
  EXPECT_EQ(from_first[0].sensor_name, "GPU0 Temp");
  EXPECT_EQ(from_second[0].sensor_name, "Temperature #0x0A") << "the other BMC's SDR has no sensor 10";
  EXPECT_EQ(from_first[0].severity, Severity::kCritical);
  EXPECT_EQ(from_second[0].severity, Severity::kCritical);
}

}  // namespace
}  // namespace dcm::test
