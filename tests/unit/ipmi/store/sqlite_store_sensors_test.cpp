#include <cmath>
#include <iostream>

#include <gtest/gtest.h>

#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::store {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::make;
using testing::make_server;
using testing::reading;
using testing::StoreTest;

class SensorStore : public StoreTest {};

TEST_F(SensorStore, LatestReadingsReplaceTheServersSetAndKeepNumericHistory) {
  auto store = open_store();
  store->add_server(make_server("a"));
  const auto t0 = clock_.now();
  store->record_sensors(
      "a", t0,
      {reading("CPU Temp", 45.5, SensorState::kOk), reading("FAN1", 5400, SensorState::kOk, "Fan", "RPM"),
       reading("PSU1 Status", std::nullopt, SensorState::kCritical, "Power Supply", "")});
  auto latest = store->latest_sensors("a");
  ASSERT_EQ(latest.size(), 3u);
  EXPECT_EQ(latest[0].reading.name, "CPU Temp");
  EXPECT_EQ(latest[0].reading.value, 45.5);
  EXPECT_EQ(latest[0].time, t0);
  EXPECT_EQ(latest[1].reading.unit, "RPM");
  EXPECT_EQ(latest[2].reading.value, std::nullopt);
  EXPECT_EQ(latest[2].reading.state, SensorState::kCritical);

  const auto t1 = t0 + seconds(60);
  store->record_sensors("a", t1,
                        {reading("CPU Temp", 47, SensorState::kWarning),
                         reading("FAN1", std::nan(""), SensorState::kUnknown, "Fan", "RPM")});
  latest = store->latest_sensors("a");
  ASSERT_EQ(latest.size(), 2u) << "PSU1 Status is no longer reported";
  EXPECT_EQ(latest[0].reading.state, SensorState::kWarning);
  EXPECT_EQ(latest[1].reading.value, std::nullopt) << "NaN is no reading";

  auto history = store->sensor_history("a", "CPU Temp", t0 - minutes(1), t1);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].time, t0);
  EXPECT_EQ(history[0].avg, 45.5);
  EXPECT_FALSE(history[0].rollup);
  EXPECT_EQ(history[1].avg, 47);
  EXPECT_EQ(store->sensor_history("a", "FAN1", t0, t1).size(), 1u) << "the NaN sample is not history";
  EXPECT_TRUE(store->sensor_history("a", "PSU1 Status", t0, t1).empty());
  EXPECT_TRUE(store->sensor_history("a", "nope", t0, t1).empty());
  EXPECT_TRUE(store->sensor_history("nope", "CPU Temp", t0, t1).empty());
}

TEST_F(SensorStore, TypeAndUnitChangesAreKept) {
  auto store = open_store();
  store->add_server(make_server("a"));
  store->record_sensors("a", clock_.now(), {reading("Sys Power", 300, SensorState::kOk, "Other", "")});
  store->record_sensors("a", clock_.now() + seconds(60),
                        {reading("Sys Power", 320, SensorState::kOk, "Power", "W")});
  auto latest = store->latest_sensors("a");
  ASSERT_EQ(latest.size(), 1u);
  EXPECT_EQ(latest[0].reading.type, "Power");
  EXPECT_EQ(latest[0].reading.unit, "W");
  EXPECT_EQ(store->sensor_history("a", "Sys Power", clock_.now(), clock_.now() + minutes(5)).size(), 2u);
}

TEST_F(SensorStore, HistoryRangeIsInclusiveAndOldestFirst) {
  auto store = open_store();
  store->add_server(make_server("a"));
  const auto t0 = clock_.now();
  for (int i = 4; i >= 0; --i) {  // stored out of order
    store->record_sensors("a", t0 + minutes(i), {reading("T", i)});
  }
  auto points = store->sensor_history("a", "T", t0 + minutes(1), t0 + minutes(3));
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0].avg, 1);
  EXPECT_EQ(points[2].avg, 3);
}

TEST_F(SensorStore, AllLatestGroupsByServer) {
  auto store = open_store();
  store->add_server(make_server("a"));
  store->add_server(make_server("b"));
  store->record_sensors("a", clock_.now(), {reading("T1", 1), reading("T2", 2)});
  store->record_sensors("b", clock_.now(), {reading("T1", 3)});
  auto all = store->all_latest_sensors();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all["a"].size(), 2u);
  EXPECT_EQ(all["b"][0].reading.value, 3);
}

// Benchmark-minded, not timed: one sweep of 1,000 servers x 30 sensors goes in a few large transactions.
TEST_F(SensorStore, SweepOfAThousandServersIsStoredInBatchedTransactions) {
  StoreOptions options;
  options.sweep_servers_per_transaction = 250;
  auto store = open_store(options);
  constexpr int kServers = 1000;
  constexpr int kSensors = 30;
  std::vector<SensorSample> sweep;
  for (int s = 0; s < kServers; ++s) {
    store->add_server(make_server("node-" + std::to_string(s)));
    SensorSample sample{"node-" + std::to_string(s), clock_.now(), {}};
    for (int i = 0; i < kSensors; ++i) {
      sample.readings.push_back(reading("Sensor " + std::to_string(i), 20.0 + i + s % 7));
    }
    sweep.push_back(std::move(sample));
  }
  sweep.push_back(SensorSample{"removed-meanwhile", clock_.now(), {reading("T", 1)}});

  for (int round = 0; round < 2;
       ++round) {  // the first sweep creates the sensors, the second is steady state
    for (auto& sample : sweep) {
      sample.time = clock_.now();
    }
    const auto transactions_before = store->write_transactions();
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(store->record_sensor_sweep(sweep), static_cast<std::size_t>(kServers));
    const auto took = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
    EXPECT_EQ(store->write_transactions() - transactions_before, 5u) << "1,001 samples / 250 per transaction";
    std::cout << "[ measured ] sweep " << round << ": " << kServers << " servers x " << kSensors
              << " sensors stored in " << took.count() << " ms\n";
    RecordProperty("sweep_" + std::to_string(round) + "_ms", static_cast<int>(took.count()));
    clock_.advance(minutes(1));
  }
  auto all = store->all_latest_sensors();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kServers));
  EXPECT_EQ(all["node-999"].size(), static_cast<std::size_t>(kSensors));
  EXPECT_EQ(store->sensor_history("node-5", "Sensor 3", clock_.now() - minutes(5), clock_.now()).size(), 2u);
}

}  // namespace
}  // namespace dcm::ipmi::store
