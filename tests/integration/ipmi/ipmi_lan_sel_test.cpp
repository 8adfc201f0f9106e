// The SEL over IPMI 2.0 LAN against ipmi_sim: preloaded events decoded with the right severity and sensor
// names, records added at run time through the simulator's console read incrementally (and nothing read when
// nothing changed), and a cleared SEL read again without duplicates or losses.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/config/text.hpp"
#include "core/sys/clock.hpp"
#include "ipmi/bmc/ipmi_lan.hpp"
#include "ipmi/sel/incremental_sel.hpp"
#include "tests/integration/ipmi/simulated_bmc_config.hpp"
#include "tests/support/ipmi_sim.hpp"
#include "tests/support/ipmi_sim_fleet.hpp"

namespace dcm::test {
namespace {

using ipmi::SelCursor;
using ipmi::SelEvent;
using ipmi::Severity;
using ipmi::bmc::IpmiLanClient;

// The 13 bytes after the record type, timestamp zero (ipmi_sim writes its own): DIMM A1 correctable ECC,
// PSU2 Status presence detected, Drive 0 drive fault.
const std::string kCorrectableEcc = "0x02 0 0 0 0 0x20 0x00 0x04 0x0c 0x07 0x6f 0x00 0xff 0xff";
const std::string kPsuPresence = "0x02 0 0 0 0 0x20 0x00 0x04 0x08 0x06 0x6f 0x00 0xff 0xff";
const std::string kDriveFault = "0x02 0 0 0 0 0x20 0x00 0x04 0x0d 0x08 0x6f 0x01 0xff 0xff";

std::vector<std::string> ids(const std::vector<SelEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    out.push_back(e.record_id);
  }
  return out;
}

std::size_t ipmitool_sel_entries(SimulatedBmc& bmc) {
  const auto result = bmc.ipmitool({"sel", "list"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::size_t lines = 0;
  for (auto line : core::config::split_lines(result.out)) {
    lines += core::config::trim(line).empty() ? 0 : 1;
  }
  return lines;
}

class IpmiLanSel : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto missing = missing_ipmi_sim_tools(); !missing.empty()) {
      FAIL() << missing;
    }
  }

  // One sweep as the collection engine does it: SEL info first, then the records, then the cursor.
  std::vector<SelEvent> sweep(IpmiLanClient& client, SelCursor& cursor) {
    const auto info = client.read_sel_info();
    auto events = client.read_sel(cursor);
    cursor = ipmi::sel::advance_cursor(cursor, info, events);
    return events;
  }

  core::sys::SystemClock clock_;
};

TEST_F(IpmiLanSel, DecodesThePreloadedEventsWithTheirSeverities) {
  IpmiSimFleet fleet({"critical_events"});
  IpmiLanClient client(config_for(fleet[0]), clock_);
  const auto events = client.read_sel(SelCursor{});
  ASSERT_EQ(events.size(), 9u);
  EXPECT_EQ(ipmitool_sel_entries(fleet[0]), 9u);

  struct Expected {
    const char* sensor;
    const char* type;
    Severity severity;
    const char* message;
  };
  const std::vector<Expected> expected{
      {"DIMM A1", "Memory", Severity::kCritical, "Uncorrectable ECC / other uncorrectable memory error"},
      {"PSU1 Status", "Power Supply", Severity::kCritical, "Power Supply Failure detected"},
      {"PSU2 Status", "Power Supply", Severity::kCritical, "Power Supply input lost (AC/DC)"},
      {"CPU1 Temp", "Temperature", Severity::kCritical,
       "Upper Critical going high (reading 92 C, threshold 90 C)"},
      {"FAN1", "Fan", Severity::kCritical, "Lower Critical going low (reading 300 RPM, threshold 400 RPM)"},
      {"Drive 0", "Drive Slot", Severity::kCritical, "Drive Fault"},
      {"DIMM A1", "Memory", Severity::kWarning, "Correctable ECC / other correctable memory error"},
      {"PSU1 Status", "Power Supply", Severity::kInfo, "Power Supply Failure detected (deasserted)"},
      {"", "OEM record", Severity::kInfo, "OEM record type 0xE0, data 570100deadbeef010203040506"},
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("record " + events[i].record_id);
    EXPECT_EQ(events[i].record_id, std::to_string(i + 1));
    EXPECT_EQ(events[i].sensor_name, expected[i].sensor);
    EXPECT_EQ(events[i].sensor_type, expected[i].type);
    EXPECT_EQ(events[i].severity, expected[i].severity);
    EXPECT_EQ(events[i].message, expected[i].message);
    EXPECT_EQ(events[i].raw.size(), 32u);
    EXPECT_FALSE(events[i].bmc_time) << "ipmi_sim stamps records with its uptime: pre-init";
  }
  EXPECT_FALSE(events[7].assertion);
  EXPECT_EQ(events[3].event_type, "threshold");
  EXPECT_EQ(events[0].event_type, "sensor-specific");
  EXPECT_EQ(events[8].event_type, "oem");
  EXPECT_EQ(events[8].raw.substr(4), "e0570100deadbeef010203040506");
}

TEST_F(IpmiLanSel, ReturnsOnlyTheRecordsAddedAtRunTimeAndNothingWhenUnchanged) {
  IpmiSimFleet fleet({"healthy"});
  IpmiLanClient client(config_for(fleet[0]), clock_);
  SelCursor cursor;
  const auto first = sweep(client, cursor);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].message, "Presence detected");
  EXPECT_EQ(first[0].severity, Severity::kInfo);

  const auto before_idle = client.stats().sel_records_transferred;
  EXPECT_TRUE(sweep(client, cursor).empty());
  EXPECT_EQ(client.stats().sel_records_transferred, before_idle) << "an unchanged SEL transfers no record";

  const std::vector<std::string> added{std::to_string(fleet[0].add_sel_record(kCorrectableEcc)),
                                       std::to_string(fleet[0].add_sel_record(kPsuPresence)),
                                       std::to_string(fleet[0].add_sel_record(kDriveFault))};
  const auto before = client.stats().sel_records_transferred;
  const auto fresh = sweep(client, cursor);
  EXPECT_EQ(ids(fresh), added);
  EXPECT_FALSE(client.stats().last_sel_read_full);
  EXPECT_EQ(client.stats().sel_records_transferred - before, 4u) << "the cursor record, then the three new";
  ASSERT_EQ(fresh.size(), 3u);
  EXPECT_EQ(fresh[0].severity, Severity::kWarning);
  EXPECT_EQ(fresh[1].sensor_name, "PSU2 Status");
  EXPECT_EQ(fresh[2].severity, Severity::kCritical);
  EXPECT_EQ(fresh[2].message, "Drive Fault");

  const auto steady = client.stats().sel_records_transferred;
  EXPECT_TRUE(sweep(client, cursor).empty());
  EXPECT_TRUE(sweep(client, cursor).empty());
  EXPECT_EQ(client.stats().sel_records_transferred, steady) << "steady state: no SEL record transferred";
}

TEST_F(IpmiLanSel, ReadsAgainAfterAClearWithoutDuplicatesOrLosses) {
  IpmiSimFleet fleet({"critical_events"});
  IpmiLanClient client(config_for(fleet[0]), clock_);
  SelCursor cursor;
  ASSERT_EQ(sweep(client, cursor).size(), 9u);

  const auto cleared = fleet[0].ipmitool({"sel", "clear"});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  const auto id = std::to_string(fleet[0].add_sel_record(kCorrectableEcc));
  const auto after_clear = sweep(client, cursor);
  EXPECT_EQ(ids(after_clear), std::vector<std::string>{id}) << "only the record added after the clear";
  EXPECT_TRUE(client.stats().last_sel_read_full);
  EXPECT_EQ(client.stats().last_full_read_reason, "SEL erased since the last read");

  const auto next = std::to_string(fleet[0].add_sel_record(kDriveFault));
  EXPECT_EQ(ids(sweep(client, cursor)), std::vector<std::string>{next});
  EXPECT_FALSE(client.stats().last_sel_read_full);
  EXPECT_TRUE(sweep(client, cursor).empty());
}

TEST_F(IpmiLanSel, KeepsItsSdrCacheUntilTheSdrChanges) {
  IpmiSimFleet fleet({"healthy"});
  IpmiLanClient client(config_for(fleet[0]), clock_);
  SelCursor cursor;
  sweep(client, cursor);
  EXPECT_EQ(client.stats().sdr_cache_rebuilds, 1u) << "first use: the cache is built";
  fleet[0].add_sel_record(kCorrectableEcc);
  EXPECT_EQ(sweep(client, cursor).at(0).sensor_name, "DIMM A1");
  EXPECT_EQ(client.stats().sdr_cache_rebuilds, 1u) << "unchanged SDR: the cache is used as it is";

  // A sensor added to the SDR at run time (number 10, "GPU0 Temp"): the cache is out of date, rebuilt, and
  // an event from the new sensor gets its name.
  const auto added = fleet[0].console(
      "main_sdr_add 0x20 0x00 0x00 0x51 0x01 0x34 0x20 0x00 0x0a 0x03 0x02 0x67 0x40 0x01 0x01 0x00 0x00 "
      "0x00 0x00 "
      "0x00 0x00 0x00 0x01 0x00 0x00 0x01 0x00 0x00 0x00 0x00 0x00 0x00 0x32 0x00 0x00 0xff 0x00 0x00 0x00 "
      "0x00 0x00 "
      "0x00 0x00 0x00 0x00 0x00 0x00 0x00 0xc9 'G 'P 'U '0 0x20 'T 'e 'm 'p");
  ASSERT_EQ(added.find("**"), std::string::npos) << added;
  fleet[0].add_sel_record("0x02 0 0 0 0 0x20 0x00 0x04 0x01 0x0a 0x01 0x07 0xff 0xff");
  const auto events = sweep(client, cursor);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].sensor_name, "GPU0 Temp");
  EXPECT_EQ(events[0].message, "Upper Non-critical going high");
  EXPECT_EQ(events[0].severity, Severity::kWarning);
  EXPECT_EQ(client.stats().sdr_cache_rebuilds, 2u);
}

TEST_F(IpmiLanSel, SelInfoMatchesIpmitool) {
  IpmiSimFleet fleet({"critical_events"});
  IpmiLanClient client(config_for(fleet[0]), clock_);
  const auto info = client.read_sel_info();
  EXPECT_EQ(info.entries, 9u);
  EXPECT_TRUE(info.last_add_time);
  EXPECT_FALSE(info.last_erase_time) << "never erased";
  const auto ipmitool = fleet[0].ipmitool({"sel", "info"});
  EXPECT_NE(ipmitool.out.find("Entries          : 9"), std::string::npos) << ipmitool.out;
}

}  // namespace
}  // namespace dcm::test
