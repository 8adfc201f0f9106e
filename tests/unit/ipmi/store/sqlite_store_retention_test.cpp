#include <gtest/gtest.h>

#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::store {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::make;
using testing::make_server;
using testing::reading;
using testing::sel_event;
using testing::StoreTest;

class Retention : public StoreTest {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.retention.raw = hours(24);
    options.retention.rollups = hours(24 * 7);
    options.retention.events = hours(24);
    options.retention.resolved_alerts = hours(24);
    options.retention.audit = hours(24);
    options.retention.batch_rows = 100;
    store_ = open_store(options);
    store_->add_server(make_server("a"));
    start_ = clock_.now();  // 2026-01-14T00:00:00Z, on a 5-minute boundary
  }

  // 30 h of one-minute samples of two sensors; CPU Temp reads minute % 10.
  void insert_30_hours() {
    std::vector<SensorSample> sweep;
    for (int minute = 0; minute < 30 * 60; ++minute) {
      sweep.push_back(SensorSample{"a",
                                   start_ + minutes(minute),
                                   {reading("CPU Temp", minute % 10), reading("FAN1", 5000 + minute % 3)}});
    }
    store_->record_sensor_sweep(sweep);
  }

  std::unique_ptr<SqliteStore> store_;
  TimePoint start_;
};

TEST_F(Retention, RollsRawOlderThan24HoursIntoFiveMinuteBucketsAndKeepsTheRest) {
  insert_30_hours();
  clock_.advance(hours(30));
  const auto report = store_->enforce_retention(clock_.now());
  EXPECT_EQ(report.samples_rolled_up, 2u * 6 * 60);
  EXPECT_EQ(report.rollups_deleted, 0u);
  EXPECT_EQ(report.sensors_deleted, 0u);
  EXPECT_GE(report.transactions, 2u + 4u) << "bounded batches: one per sensor here, one per table after";

  const auto points = store_->sensor_history("a", "CPU Temp", start_, clock_.now());
  ASSERT_EQ(points.size(), 72u + 24 * 60);
  for (std::size_t bucket = 0; bucket < 72; ++bucket) {
    const auto& p = points[bucket];
    ASSERT_TRUE(p.rollup) << bucket;
    EXPECT_EQ(p.time, start_ + minutes(5 * bucket));
    EXPECT_EQ(p.samples, 5u);
    const double low = bucket % 2 == 0 ? 0 : 5;  // minutes 0-4 read 0..4, minutes 5-9 read 5..9
    EXPECT_EQ(p.min, low);
    EXPECT_EQ(p.max, low + 4);
    EXPECT_DOUBLE_EQ(p.avg, low + 2);
  }
  EXPECT_FALSE(points[72].rollup);
  EXPECT_EQ(points[72].time, start_ + hours(6));
  EXPECT_EQ(points.back().time, clock_.now() - minutes(1));

  // Running again finds nothing more to roll up.
  EXPECT_EQ(store_->enforce_retention(clock_.now()).samples_rolled_up, 0u);
  EXPECT_EQ(store_->sensor_history("a", "CPU Temp", start_, clock_.now()).size(), points.size());
  EXPECT_EQ(store_->integrity_check(), "ok");
}

TEST_F(Retention, ALateSampleIsMergedIntoItsExistingRollup) {
  insert_30_hours();
  clock_.advance(hours(30));
  store_->enforce_retention(clock_.now());
  store_->record_sensors("a", start_ + minutes(2) + std::chrono::seconds(30), {reading("CPU Temp", 100)});
  store_->enforce_retention(clock_.now());
  const auto first = store_->sensor_history("a", "CPU Temp", start_, start_ + minutes(4)).at(0);
  EXPECT_TRUE(first.rollup);
  EXPECT_EQ(first.samples, 6u);
  EXPECT_EQ(first.min, 0);
  EXPECT_EQ(first.max, 100);
  EXPECT_DOUBLE_EQ(first.avg, (0 + 1 + 2 + 3 + 4 + 100) / 6.0);
}

TEST_F(Retention, DeletesRollupsPastTheirRetentionAndSensorsNoLongerReported) {
  insert_30_hours();
  store_->record_sensors("a", start_ + hours(30), {reading("CPU Temp", 1)});  // FAN1 is gone
  clock_.advance(hours(30) + hours(24 * 8));
  const auto report = store_->enforce_retention(clock_.now());
  EXPECT_EQ(report.samples_rolled_up, 2u * 30 * 60 + 1);
  EXPECT_EQ(report.rollups_deleted, 2u * 30 * 12 + 1);
  EXPECT_EQ(report.sensors_deleted, 1u) << "FAN1: not reported, nothing left";
  EXPECT_TRUE(store_->sensor_history("a", "CPU Temp", start_, clock_.now()).empty());
  ASSERT_EQ(store_->latest_sensors("a").size(), 1u) << "the latest reading stays";
}

TEST_F(Retention, DeletesOldEventsAlertsAuditAndExpiredSessionsButKeepsTheEventCounter) {
  auto old_event = store_->store_sel("a", {sel_event(1, 1, Severity::kCritical)}, SelCursor{});
  store_->acknowledge(old_event.added[0].id, "alice");
  store_->audit({"root", "server.add", "a", "", ""});
  store_->fire_alert({"r", "a", "old", Severity::kWarning, ""});
  store_->resolve_alert("old");
  store_->fire_alert({"r", "a", "still-firing", Severity::kWarning, ""});
  const auto user = *store_->create_user("alice", "$argon2id$x", Role::kViewer);
  store_->create_session({"short", "c1", user, clock_.now() + hours(1), ""});
  store_->create_session({"long", "c2", user, clock_.now() + hours(40), ""});

  clock_.advance(hours(30));
  store_->store_sel("a", {sel_event(2, 2, Severity::kCritical)}, SelCursor{});
  store_->audit({"root", "power.cycle", "a", "", ""});

  const auto report = store_->enforce_retention(clock_.now());
  EXPECT_EQ(report.events_deleted, 1u);
  EXPECT_EQ(report.alerts_deleted, 1u);
  EXPECT_EQ(report.audit_deleted, 1u);
  EXPECT_EQ(report.sessions_deleted, 1u);

  auto events = store_->events(EventFilter{});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event.record_id, "2");
  EXPECT_EQ(store_->events_total("a"), 2u) << "ipmi_events_total never goes down";
  auto alerts = store_->alerts(AlertFilter{});
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].dedup_key, "still-firing");
  EXPECT_EQ(store_->audit_log(10, 0).size(), 1u);
  EXPECT_TRUE(store_->find_session("long"));
  EXPECT_EQ(store_->integrity_check(), "ok");
}

TEST_F(Retention, ManyOldRowsAreDeletedInSeveralTransactions) {
  std::vector<SelEvent> events;
  for (std::uint16_t i = 1; i <= 450; ++i) {
    events.push_back(sel_event(i, i, Severity::kInfo));
  }
  store_->store_sel("a", events, SelCursor{});
  clock_.advance(hours(25));
  const auto report = store_->enforce_retention(clock_.now());
  EXPECT_EQ(report.events_deleted, 450u);
  EXPECT_GE(report.transactions, 5u) << "batches of 100";
  EXPECT_EQ(store_->count_events(EventFilter{}), 0u);
}

}  // namespace
}  // namespace dcm::ipmi::store
