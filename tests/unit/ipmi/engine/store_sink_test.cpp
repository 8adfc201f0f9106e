// StoreSink's hooks for the alert evaluator: new SEL events (not a server's first read, which is its
// history), power reads, power failures and sensor reads reach the observers.
#include "ipmi/engine/store_sink.hpp"

#include <gtest/gtest.h>

#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::engine {
namespace {

using store::testing::make_server;
using store::testing::reading;
using store::testing::sel_event;

class StoreSinkHooks : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    store_->add_server(make_server("a"));
    ServerConfig config;
    config.name = "a";
    fleet_.set_inventory({config});
    sink_ = std::make_unique<StoreSink>(
        *store_, fleet_, clock_, core::log::null_logger(),
        [this](const std::string& server, const std::vector<store::EventRecord>& events) {
          for (const auto& event : events) {
            seen_.push_back(server + ":event:" + event.event.record_id);
          }
        });
    sink_->set_observers(
        [this](const std::string& server, const PowerStatus& power, TimePoint) {
          seen_.push_back(server + ":power:" + (power.on.value_or(false) ? "on" : "off"));
        },
        [this](const std::string& server, const std::string& reason, TimePoint) {
          seen_.push_back(server + ":unreachable:" + reason);
        },
        [this](const std::string& server, const std::vector<SensorReading>& readings, TimePoint) {
          seen_.push_back(server + ":sensors:" + std::to_string(readings.size()));
        });
  }

  std::unique_ptr<store::SqliteStore> store_;
  FleetState fleet_;
  std::unique_ptr<StoreSink> sink_;
  std::vector<std::string> seen_;
};

TEST_F(StoreSinkHooks, FirstSelReadIsHistoryLaterOnesAreNew) {
  SelCursor cursor;
  cursor.last_record_id = "2";
  sink_->on_sel("a", {sel_event(1, 100, Severity::kCritical), sel_event(2, 101, Severity::kCritical)},
                cursor);
  EXPECT_TRUE(seen_.empty()) << "no cursor was stored: the SEL's history";
  cursor.last_record_id = "3";
  sink_->on_sel("a", {sel_event(2, 101, Severity::kCritical), sel_event(3, 102, Severity::kCritical)},
                cursor);
  EXPECT_EQ(seen_, std::vector<std::string>{"a:event:3"}) << "record 2 was stored before";
  EXPECT_EQ(store_->events_total("a"), 3u);
}

TEST_F(StoreSinkHooks, PowerFailureAndSensorsReachTheObservers) {
  PowerStatus power;
  power.on = true;
  sink_->on_power("a", power, clock_.now());
  sink_->on_failure("a", Task::kSensors, bmc::BmcError::Kind::kTimeout, "timeout after 2 s", clock_.now());
  sink_->on_failure("a", Task::kPower, bmc::BmcError::Kind::kTimeout, "timeout after 2 s", clock_.now());
  sink_->on_sensors("a", {reading("CPU Temp", 50.0), reading("Fan 1", 3000.0)}, clock_.now());
  EXPECT_EQ(seen_,
            (std::vector<std::string>{"a:power:on", "a:unreachable:timeout after 2 s", "a:sensors:2"}));
}

}  // namespace
}  // namespace dcm::ipmi::engine
