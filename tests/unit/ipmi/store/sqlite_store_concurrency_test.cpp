// One SqliteStore shared by writer threads (collection, web actions) and reader threads (pages, /metrics):
// nothing fails, readers see only committed, growing state, and every write lands.
#include <atomic>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::store {
namespace {

using testing::make;
using testing::make_server;
using testing::reading;
using testing::sel_event;
using testing::StoreTest;

class StoreConcurrency : public StoreTest {
 protected:
  void record_failure(const std::string& what) {
    std::lock_guard lock(mutex_);
    if (failure_.empty()) {
      failure_ = what;
    }
  }
  std::mutex mutex_;
  std::string failure_;
};

TEST_F(StoreConcurrency, WritersAndReadersRunAtOnce) {
  StoreOptions options;
  options.read_connections = 2;  // fewer than the readers: some wait for a connection
  auto store = open_store(options);
  store->add_server(make_server("a"));
  store->add_server(make_server("b"));
  constexpr int kBatches = 150;
  constexpr int kAudits = 100;
  const auto start = clock_.now();
  std::atomic<int> writers_done{0};

  std::thread collector([&] {
    try {
      std::vector<SensorReading> readings;
      for (int i = 0; i < 30; ++i) {
        readings.push_back(reading("Sensor " + std::to_string(i), i));
      }
      for (int batch = 0; batch < kBatches; ++batch) {
        const auto record = static_cast<std::uint16_t>(2 * batch + 1);
        store->store_sel("a",
                         {sel_event(record, record, Severity::kCritical),
                          sel_event(static_cast<std::uint16_t>(record + 1), record + 1u, Severity::kInfo)},
                         SelCursor{});
        store->record_sensors("b", start + std::chrono::seconds(batch), readings);
      }
    } catch (const std::exception& e) {
      record_failure(std::string("collector: ") + e.what());
    }
    ++writers_done;
  });
  std::thread web([&] {
    try {
      for (int i = 0; i < kAudits; ++i) {
        store->audit({"root", "page.view", std::to_string(i), "", ""});
      }
    } catch (const std::exception& e) {
      record_failure(std::string("web: ") + e.what());
    }
    ++writers_done;
  });

  std::vector<std::thread> readers;
  std::atomic<int> reads{0};
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      try {
        std::uint64_t last_count = 0;
        while (writers_done < 2) {
          const auto count = store->count_events(EventFilter{});
          if (count < last_count || count % 2 != 0) {
            record_failure("event count went from " + std::to_string(last_count) + " to " +
                           std::to_string(count));
          }
          last_count = count;
          const auto page = store->events(make<EventFilter>([](EventFilter& f) { f.limit = 20; }));
          if (page.size() > 20) {
            record_failure("page too long");
          }
          const auto latest = store->latest_sensors("b");
          if (!latest.empty() && latest.size() != 30) {
            record_failure("half a sensor sweep visible: " + std::to_string(latest.size()));
          }
          store->sensor_history("b", "Sensor 3", start, start + std::chrono::hours(1));
          store->all_event_counts(start - std::chrono::hours(24));
          ++reads;
        }
      } catch (const std::exception& e) {
        record_failure(std::string("reader: ") + e.what());
      }
    });
  }
  collector.join();
  web.join();
  for (auto& reader : readers) {
    reader.join();
  }
  EXPECT_EQ(failure_, "");
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(store->count_events(EventFilter{}), 2u * kBatches);
  EXPECT_EQ(store->events_total("a"), 2u * kBatches);
  EXPECT_EQ(store->audit_log(1000, 0).size(), static_cast<std::size_t>(kAudits));
  EXPECT_EQ(store->sensor_history("b", "Sensor 3", start, start + std::chrono::hours(1)).size(),
            static_cast<std::size_t>(kBatches));
  EXPECT_EQ(store->integrity_check(), "ok");
}

}  // namespace
}  // namespace dcm::ipmi::store
