#include <gtest/gtest.h>

#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::store {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::make;
using testing::make_server;
using testing::sel_event;
using testing::StoreTest;

SelCursor cursor_at(const SelEvent& last, std::uint32_t entries, std::uint32_t erase_time = 0) {
  SelCursor cursor;
  cursor.info_seen.entries = entries;
  cursor.info_seen.last_add_time = 5000 + entries;
  cursor.info_seen.last_erase_time = erase_time;
  cursor.last_record_id = last.record_id;
  cursor.last_record_raw = last.raw;
  return cursor;
}

class EventStore : public StoreTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    store_->add_server(make_server("a"));
    store_->add_server(make_server("b"));
  }
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(EventStore, StoresNewEventsWithTheCursorAndReturnsThem) {
  std::vector<SelEvent> events{sel_event(1, 100, Severity::kInfo), sel_event(2, 200, Severity::kCritical)};
  auto result = store_->store_sel("a", events, cursor_at(events.back(), 2));
  ASSERT_EQ(result.count(), 2u);
  EXPECT_EQ(result.added[0].event.record_id, "1");
  EXPECT_EQ(result.added[1].event.severity, Severity::kCritical);
  EXPECT_EQ(result.added[1].server, "a");
  EXPECT_GT(result.added[1].id, result.added[0].id);
  EXPECT_EQ(result.added[0].event.received, clock_.now()) << "received defaults to when it was stored";

  auto cursor = store_->sel_cursor("a");
  ASSERT_TRUE(cursor);
  EXPECT_EQ(cursor->info_seen.entries, 2u);
  EXPECT_EQ(cursor->info_seen.last_add_time, 5002u);
  EXPECT_EQ(cursor->info_seen.last_erase_time, 0u);
  EXPECT_EQ(cursor->last_record_id, "2");
  EXPECT_EQ(cursor->last_record_raw, events.back().raw);
  EXPECT_FALSE(store_->sel_cursor("b"));
  EXPECT_EQ(store_->events_total("a"), 2u);
}

TEST_F(EventStore, ReReadingTheSameRecordsStoresNothingNew) {
  std::vector<SelEvent> events{sel_event(1, 100, Severity::kInfo), sel_event(2, 200, Severity::kWarning)};
  store_->store_sel("a", events, cursor_at(events.back(), 2));
  clock_.advance(minutes(1));
  events.push_back(sel_event(3, 300, Severity::kCritical));
  auto result = store_->store_sel("a", events, cursor_at(events.back(), 3));  // a full re-read (wrap)
  ASSERT_EQ(result.count(), 1u);
  EXPECT_EQ(result.added[0].event.record_id, "3");
  EXPECT_EQ(store_->count_events(EventFilter{}), 3u);
  EXPECT_EQ(store_->events_total("a"), 3u);
  EXPECT_EQ(store_->sel_cursor("a")->last_record_id, "3");
}

TEST_F(EventStore, RecordIdsReusedAfterAClearAreNewEventsAndOldOnesAreKept) {
  std::vector<SelEvent> before{sel_event(1, 100, Severity::kInfo), sel_event(2, 200, Severity::kCritical)};
  store_->store_sel("a", before, cursor_at(before.back(), 2));
  // The SEL is cleared; the BMC starts again at record 1 with later timestamps and other data.
  clock_.advance(hours(1));
  std::vector<SelEvent> after{sel_event(1, 4000, Severity::kWarning), sel_event(2, 4100, Severity::kInfo)};
  after[1].raw = testing::sel_raw(2, 4100, 0x04, 0x01);
  auto result = store_->store_sel("a", after, cursor_at(after.back(), 2, 3900));
  EXPECT_EQ(result.count(), 2u);
  // The next sweep reads the cleared log again from the start: nothing new, nothing lost.
  auto again = store_->store_sel("a", after, cursor_at(after.back(), 2, 3900));
  EXPECT_EQ(again.count(), 0u);
  auto stored = store_->events(make<EventFilter>([&](EventFilter& f) { f.server = "a"; }));
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_EQ(store_->count_events(make<EventFilter>([&](EventFilter& f) {
    f.server = "a";
    f.min_severity = Severity::kCritical;
  })),
            1u);
  EXPECT_EQ(store_->events_total("a"), 4u);
  EXPECT_EQ(store_->sel_cursor("a")->info_seen.last_erase_time, 3900u);
}

TEST_F(EventStore, TheSameRecordOnTwoServersIsTwoEvents) {
  auto event = sel_event(1, 100, Severity::kInfo);
  EXPECT_EQ(store_->store_sel("a", {event}, SelCursor{}).count(), 1u);
  EXPECT_EQ(store_->store_sel("b", {event}, SelCursor{}).count(), 1u);
}

TEST_F(EventStore, DuplicatesWithinOneBatchAreStoredOnce) {
  auto event = sel_event(9, 900, Severity::kWarning);
  EXPECT_EQ(store_->store_sel("a", {event, event}, SelCursor{}).count(), 1u);
  EXPECT_EQ(store_->events_total("a"), 1u);
}

TEST_F(EventStore, ListsNewestFirstByEffectiveTimeWithFilters) {
  const auto now = clock_.now();
  std::vector<SelEvent> events;
  for (int i = 0; i < 6; ++i) {
    auto event = sel_event(static_cast<std::uint16_t>(i + 1), static_cast<std::uint32_t>(100 + i),
                           static_cast<Severity>(i % 3), now - hours(6 - i));
    events.push_back(event);
  }
  store_->store_sel("a", events, SelCursor{});
  store_->store_sel("b", {sel_event(1, 1, Severity::kCritical, now - hours(30))}, SelCursor{});

  auto all = store_->events(EventFilter{});
  ASSERT_EQ(all.size(), 7u);
  EXPECT_EQ(all.front().event.record_id, "6");
  EXPECT_EQ(all.back().server, "b");

  auto critical =
      store_->events(make<EventFilter>([&](EventFilter& f) { f.min_severity = Severity::kCritical; }));
  ASSERT_EQ(critical.size(), 3u);
  EXPECT_EQ(critical[0].event.record_id, "6");
  EXPECT_EQ(critical[1].event.record_id, "3");

  auto warning_up = store_->events(make<EventFilter>([&](EventFilter& f) {
    f.server = "a";
    f.min_severity = Severity::kWarning;
  }));
  EXPECT_EQ(warning_up.size(), 4u);

  auto window = store_->events(make<EventFilter>([&](EventFilter& f) {
    f.from = now - hours(4);
    f.to = now - hours(2);
  }));
  ASSERT_EQ(window.size(), 2u);
  EXPECT_EQ(window[0].event.record_id, "4");
  EXPECT_EQ(window[1].event.record_id, "3");

  auto page = store_->events(make<EventFilter>([&](EventFilter& f) {
    f.limit = 2;
    f.offset = 2;
  }));
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].event.record_id, "4");
  EXPECT_EQ(store_->count_events(make<EventFilter>([&](EventFilter& f) {
    f.limit = 2;
    f.offset = 2;
  })),
            7u);
  EXPECT_TRUE(store_->events(make<EventFilter>([&](EventFilter& f) { f.server = "nope"; })).empty());

  const auto& e = all.front().event;
  EXPECT_EQ(e.sensor_name, "DIMM A1");
  EXPECT_EQ(e.sensor_type, "Memory");
  EXPECT_EQ(e.event_type, "discrete");
  EXPECT_TRUE(e.assertion);
  EXPECT_EQ(e.message, "Correctable ECC");
  EXPECT_EQ(e.bmc_time, now - hours(1));
  EXPECT_EQ(e.raw, events.back().raw);
}

TEST_F(EventStore, CountsGoByBmcTimeOrByReceivedTimeWhenTheClockWasUnset) {
  const auto now = clock_.now();
  std::vector<SelEvent> events{
      // BMC time two days ago: outside the last 24 h, although it was just received.
      sel_event(1, 100, Severity::kCritical, now - hours(48)),
      // Pre-init timestamp (clock unset): the decoder gives no bmc_time; counted by when we saw it.
      sel_event(2, 0x20, Severity::kCritical),
      sel_event(3, 0x21, Severity::kWarning),
      sel_event(4, 300, Severity::kInfo, now - hours(2)),
  };
  store_->store_sel("a", events, SelCursor{});
  const auto counts = store_->event_counts("a", now - hours(24));
  EXPECT_EQ(counts, (SeverityCounts{.info = 1, .warning = 1, .critical = 1}));
  EXPECT_EQ(store_->events_total("a"), 4u);

  auto stored = store_->events(make<EventFilter>([&](EventFilter& f) { f.server = "a"; }));
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_EQ(stored[0].event.bmc_time, std::nullopt);
  EXPECT_EQ(stored[0].event.effective_time(), now);

  // A day later the pre-init events age out of the window like any other.
  clock_.advance(hours(25));
  EXPECT_EQ(store_->event_counts("a", clock_.now() - hours(24)), SeverityCounts{});

  auto all = store_->all_event_counts(now - hours(24));
  EXPECT_EQ(all.size(), 2u) << "every server, with zeros";
  EXPECT_EQ(all["a"].critical, 1u);
  EXPECT_EQ(all["b"], SeverityCounts{});
  EXPECT_EQ(store_->event_counts("nope", now - hours(24)), SeverityCounts{});
}

TEST_F(EventStore, LatestEventPerServerGoesByEffectiveTime) {
  const auto now = clock_.now();
  store_->store_sel(
      "a",
      {sel_event(1, 1, Severity::kInfo, now - hours(1)), sel_event(2, 2, Severity::kCritical, now - hours(3)),
       sel_event(3, 3, Severity::kWarning, now - hours(2))},
      SelCursor{});
  const auto latest = store_->latest_events();
  ASSERT_EQ(latest.size(), 1u) << "b has no events";
  EXPECT_EQ(latest.at("a").event.record_id, "1");
  EXPECT_EQ(latest.at("a").server, "a");
}

TEST_F(EventStore, TotalsCoverEveryServer) {
  store_->store_sel("a", {sel_event(1, 1, Severity::kInfo), sel_event(2, 2, Severity::kInfo)}, SelCursor{});
  EXPECT_EQ(store_->all_events_totals(), (std::map<std::string, std::uint64_t>{{"a", 2}, {"b", 0}}));
  EXPECT_EQ(store_->events_total("b"), 0u);
}

TEST_F(EventStore, AcknowledgementsAreKeptAndFilterable) {
  auto result = store_->store_sel(
      "a", {sel_event(1, 1, Severity::kCritical), sel_event(2, 2, Severity::kCritical)}, SelCursor{});
  const auto id = result.added[0].id;
  const auto when = clock_.now();
  EXPECT_TRUE(store_->acknowledge(id, "alice"));
  clock_.advance(minutes(1));
  EXPECT_TRUE(store_->acknowledge(id, "bob")) << "already acknowledged: still true, the first one stays";
  EXPECT_FALSE(store_->acknowledge(99999, "alice"));

  auto acked = store_->events(make<EventFilter>([&](EventFilter& f) { f.acknowledged = true; }));
  ASSERT_EQ(acked.size(), 1u);
  ASSERT_TRUE(acked[0].ack);
  EXPECT_EQ(acked[0].ack->user, "alice");
  EXPECT_EQ(acked[0].ack->time, when);
  auto open = store_->events(make<EventFilter>([&](EventFilter& f) { f.acknowledged = false; }));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, result.added[1].id);
  EXPECT_FALSE(open[0].ack);
  EXPECT_EQ(store_->count_events(make<EventFilter>([&](EventFilter& f) { f.acknowledged = false; })), 1u);
}

}  // namespace
}  // namespace dcm::ipmi::store
