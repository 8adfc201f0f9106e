#include "ipmi/store/event_identity.hpp"

#include <gtest/gtest.h>

#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::store {
namespace {

using testing::make;
using testing::sel_event;
using testing::sel_raw;

TEST(SelEventIdentity, SameRecordReadTwiceIsTheSameRecord) {
  auto first = sel_event(7, 1000, Severity::kWarning);
  auto again = first;
  again.received = TimePoint(std::chrono::hours(5));  // read later
  again.bmc_time = TimePoint(std::chrono::hours(9));  // with another clock-offset estimate
  again.message = "re-decoded by a newer release";
  again.severity = Severity::kCritical;
  EXPECT_EQ(sel_event_identity(first), sel_event_identity(again));
}

TEST(SelEventIdentity, RawHexIgnoresCaseAndSpacing) {
  auto lower = sel_event(7, 1000, Severity::kInfo);
  auto upper = lower;
  upper.raw.clear();
  for (std::size_t i = 0; i < lower.raw.size(); i += 2) {
    upper.raw += static_cast<char>(std::toupper(lower.raw[i]));
    upper.raw += static_cast<char>(std::toupper(lower.raw[i + 1]));
    upper.raw += ' ';
  }
  EXPECT_EQ(sel_event_identity(lower), sel_event_identity(upper));
}

TEST(SelEventIdentity, ReusedRecordIdAfterAClearIsANewRecord) {
  struct Case {
    const char* what;
    std::string raw;
  };
  const std::string old_raw = sel_raw(1, 1000, 0x0c, 0x00);
  const Case cases[] = {
      {"later timestamp", sel_raw(1, 2000, 0x0c, 0x00)},
      {"other sensor type", sel_raw(1, 1000, 0x08, 0x00)},
      {"other event offset", sel_raw(1, 1000, 0x0c, 0x01)},
  };
  SelEvent before = sel_event(1, 1000, Severity::kInfo);
  before.raw = old_raw;
  for (const auto& c : cases) {
    SelEvent after = before;
    after.raw = c.raw;
    EXPECT_NE(sel_event_identity(before), sel_event_identity(after)) << c.what;
  }
}

TEST(SelEventIdentity, RedfishEntriesHashTheirJson) {
  SelEvent a;
  a.record_id = "12";
  a.raw = R"({"Created":"2026-01-14T10:00:00Z","Id":"12","Message":"Fan 3 failed","Severity":"Critical"})";
  SelEvent b = a;
  b.raw = R"({"Created":"2026-01-14T11:00:00Z","Id":"12","Message":"Fan 3 failed","Severity":"Critical"})";
  EXPECT_EQ(sel_event_identity(a), sel_event_identity(SelEvent(a)));
  EXPECT_NE(sel_event_identity(a), sel_event_identity(b));
}

TEST(SelEventIdentity, WithoutRawBytesTheDecodedFieldsDecide) {
  SelEvent a;
  a.record_id = "3";
  a.sensor_name = "PSU1";
  a.message = "AC lost";
  a.bmc_time = TimePoint(std::chrono::seconds(1768348800));
  SelEvent same = a;
  same.received = TimePoint(std::chrono::hours(1));
  SelEvent deasserted = a;
  deasserted.assertion = false;
  SelEvent later = a;
  later.bmc_time = *a.bmc_time + std::chrono::seconds(1);
  EXPECT_EQ(sel_event_identity(a), sel_event_identity(same));
  EXPECT_NE(sel_event_identity(a), sel_event_identity(deasserted));
  EXPECT_NE(sel_event_identity(a), sel_event_identity(later));
}

TEST(SelEventIdentity, IsStableAcrossReleases) {
  // Stored in every database: changing the function would make re-read records look new.
  SelEvent event;
  event.raw = "0100021027000020000408016f01ffff";
  EXPECT_EQ(sel_event_identity(event), -4965423523432433038);  // FNV-1a 64 of "h" + the hex digits
}

}  // namespace
}  // namespace dcm::ipmi::store
