#include <gtest/gtest.h>

#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::store {
namespace {

using std::chrono::minutes;
using testing::make;
using testing::make_server;
using testing::StoreTest;

class AlertStore : public StoreTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    store_->add_server(make_server("a"));
  }
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(AlertStore, RepeatedFiringIsOneAlertUntilResolved) {
  const auto t0 = clock_.now();
  auto first =
      store_->fire_alert({"sel_severity", "a", "sel/a/critical", Severity::kCritical, "PSU1 failed"});
  EXPECT_TRUE(first.newly_firing);
  clock_.advance(minutes(1));
  auto repeat =
      store_->fire_alert({"sel_severity", "a", "sel/a/critical", Severity::kCritical, "PSU2 failed"});
  EXPECT_FALSE(repeat.newly_firing);
  EXPECT_EQ(repeat.id, first.id);

  auto firing = store_->alerts(make<AlertFilter>([&](AlertFilter& f) { f.state = AlertState::kFiring; }));
  ASSERT_EQ(firing.size(), 1u);
  EXPECT_EQ(firing[0].rule, "sel_severity");
  EXPECT_EQ(firing[0].server, "a");
  EXPECT_EQ(firing[0].summary, "PSU2 failed");
  EXPECT_EQ(firing[0].started, t0);
  EXPECT_EQ(firing[0].last_seen, clock_.now());
  EXPECT_FALSE(firing[0].resolved);

  clock_.advance(minutes(1));
  EXPECT_EQ(store_->resolve_alert("sel/a/critical"), first.id);
  EXPECT_EQ(store_->resolve_alert("sel/a/critical"), std::nullopt) << "nothing firing any more";
  auto resolved = store_->alerts(make<AlertFilter>([&](AlertFilter& f) { f.state = AlertState::kResolved; }));
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].resolved, clock_.now());

  auto again =
      store_->fire_alert({"sel_severity", "a", "sel/a/critical", Severity::kCritical, "PSU1 failed"});
  EXPECT_TRUE(again.newly_firing);
  EXPECT_NE(again.id, first.id);
  EXPECT_EQ(store_->alerts(AlertFilter{}).size(), 2u);
}

TEST_F(AlertStore, NotificationOutboxHoldsEachTransitionUntilMarked) {
  auto fired = store_->fire_alert({"unreachable", "a", "unreachable/a", Severity::kCritical, "down 5 min"});
  auto fleet = store_->fire_alert({"fleet", std::nullopt, "fleet/reachable", Severity::kWarning, "10% down"});
  auto pending =
      store_->alerts(make<AlertFilter>([&](AlertFilter& f) { f.pending_notification_only = true; }));
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].id, fired.id) << "oldest first";
  EXPECT_EQ(pending[1].server, std::nullopt);

  store_->mark_alert_notified(fired.id);
  store_->mark_alert_notified(fleet.id);
  EXPECT_TRUE(
      store_->alerts(make<AlertFilter>([&](AlertFilter& f) { f.pending_notification_only = true; })).empty());

  store_->resolve_alert("unreachable/a");
  pending = store_->alerts(make<AlertFilter>([&](AlertFilter& f) { f.pending_notification_only = true; }));
  ASSERT_EQ(pending.size(), 1u) << "the resolve needs its own notification";
  EXPECT_EQ(pending[0].state, AlertState::kResolved);
}

TEST_F(AlertStore, FiltersByServerAndFailsForUnknownServers) {
  store_->fire_alert({"r", "a", "k1", Severity::kWarning, ""});
  store_->fire_alert({"r", std::nullopt, "k2", Severity::kWarning, ""});
  EXPECT_EQ(store_->alerts(make<AlertFilter>([&](AlertFilter& f) { f.server = "a"; })).size(), 1u);
  EXPECT_THROW(store_->fire_alert({"r", "ghost", "k3", Severity::kWarning, ""}), UnknownServerError);
}

}  // namespace
}  // namespace dcm::ipmi::store
