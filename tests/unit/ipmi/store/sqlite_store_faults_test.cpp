// Bad database files and backups: a file that is not a database, or is damaged, is refused with an error
// naming it and left exactly as it was; a backup taken while writing is a complete, consistent database.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "ipmi/store/schema.hpp"
#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::store {
namespace {

using testing::make_server;
using testing::reading;
using testing::sel_event;
using testing::StoreTest;

class StoreFaults : public StoreTest {
 protected:
  // A database of several pages, fully checkpointed into the main file and closed.
  void make_database() {
    auto store = open_store();
    store->add_server(make_server("a"));
    std::vector<SensorReading> readings;
    for (int i = 0; i < 30; ++i) {
      readings.push_back(reading("Sensor " + std::to_string(i), i));
    }
    for (int minute = 0; minute < 60; ++minute) {
      store->record_sensors("a", clock_.now() + std::chrono::minutes(minute), readings);
    }
  }

  void expect_refused_and_untouched(const std::string& expected_reason) {
    const auto before = test::read_file(db_path());
    try {
      open_store();
      FAIL() << "opened a bad database";
    } catch (const core::db::DatabaseError& e) {
      const std::string message = e.what();
      EXPECT_TRUE(message.starts_with(db_path().string() + ": ")) << message;
      EXPECT_NE(message.find(expected_reason), std::string::npos) << message;
    }
    EXPECT_EQ(test::read_file(db_path()), before);
  }
};

TEST_F(StoreFaults, GarbageFileIsRefusedWithItsNameAndLeftAlone) {
  std::string garbage;
  for (int i = 0; i < 2000; ++i) {
    garbage += "garbage!";
  }
  test::write_file(db_path(), garbage);
  expect_refused_and_untouched("not a database");
}

TEST_F(StoreFaults, TruncatedFileIsRefusedAndLeftAlone) {
  make_database();
  const auto content = test::read_file(db_path());
  ASSERT_GT(content.size(), 16u * 4096);
  test::write_file(db_path(), content.substr(0, content.size() / 2));
  expect_refused_and_untouched("");
}

TEST_F(StoreFaults, DamagedPagesAreRefusedAndLeftAlone) {
  make_database();
  auto content = test::read_file(db_path());
  for (std::size_t i = 3 * 4096; i < 6 * 4096; ++i) {  // pages 4-6: tables and indexes
    content[i] = static_cast<char>(i * 7);
  }
  test::write_file(db_path(), content);
  expect_refused_and_untouched("damaged database");
}

TEST_F(StoreFaults, BackupWhileWritingIsACompleteConsistentDatabase) {
  auto store = open_store();
  store->add_server(make_server("a"));
  store->store_sel("a", {sel_event(1, 1, Severity::kCritical)}, SelCursor{});
  std::atomic<bool> stop{false};
  std::atomic<int> stored{0};
  std::thread writer([&] {
    for (std::uint16_t record = 2; !stop; ++record) {
      store->store_sel("a", {sel_event(record, record, Severity::kInfo)}, SelCursor{});
      store->record_sensors("a", clock_.now() + std::chrono::seconds(record), {reading("T", record)});
      ++stored;
    }
  });
  while (stored < 20) {
    std::this_thread::yield();
  }
  const auto destination = dir_ / "backups" / "ipmi-monitor-backup.db";
  std::filesystem::create_directories(destination.parent_path());
  test::write_file(destination, "an older backup");
  store->backup(destination);
  stop = true;
  writer.join();

  struct stat st {};
  ASSERT_EQ(::stat(destination.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(std::filesystem::exists(destination.string() + ".partial"));

  StoreOptions options;
  options.path = destination;
  auto copy = SqliteStore::open(options, clock_);
  EXPECT_EQ(copy->schema_version(), current_schema_version());
  EXPECT_EQ(copy->integrity_check(), "ok");
  const auto events = copy->count_events(EventFilter{});
  EXPECT_GE(events, 21u);
  EXPECT_LE(events, store->count_events(EventFilter{}));
  EXPECT_EQ(copy->events_total("a"), events) << "events and their counter are from the same instant";
  EXPECT_TRUE(copy->server("a"));
}

TEST_F(StoreFaults, FailedBackupSaysWhereAndLeavesNothingBehind) {
  auto store = open_store();
  const auto destination = dir_ / "no-such-dir" / "backup.db";
  try {
    store->backup(destination);
    FAIL();
  } catch (const core::db::DatabaseError& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with(destination.string() + ": backup")) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(destination.parent_path()));
}

}  // namespace
}  // namespace dcm::ipmi::store
