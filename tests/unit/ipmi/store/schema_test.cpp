#include "ipmi/store/schema.hpp"

#include <gtest/gtest.h>

#include "tests/support/paths.hpp"
#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::store {
namespace {

using testing::StoreTest;

// Loads tests/fixtures/ipmi/store/schema_v<version>.sql into a new database file.
void load_fixture(int version, const std::filesystem::path& path) {
  const auto script =
      test::read_file(test::fixture_path("ipmi/store/schema_v" + std::to_string(version) + ".sql"));
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(script);
}

// Every table, index and trigger with its SQL, in name order.
std::vector<std::string> schema_of(const std::filesystem::path& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement query(db,
                          "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master "
                          "WHERE name NOT LIKE 'sqlite_%' ORDER BY name");
  std::vector<std::string> schema;
  while (query.executeStep()) {
    schema.push_back(query.getColumn(0).getString());
  }
  return schema;
}

class Schema : public StoreTest {};

TEST_F(Schema, VersionsAreNumberedOneUpwardsInOrder) {
  int expected = 1;
  for (const auto& migration : migrations()) {
    EXPECT_EQ(migration.version, expected++);
    EXPECT_FALSE(migration.description.empty());
  }
  EXPECT_EQ(current_schema_version(), expected - 1);
}

TEST_F(Schema, AnEmptyDirectoryGetsTheCurrentSchema) {
  auto store = open_store();
  EXPECT_EQ(store->schema_version(), current_schema_version());
  const auto schema = schema_of(db_path());
  for (const char* table : {"servers", "server_tags", "server_status", "sensors", "sensor_latest",
                            "sensor_history", "sensor_rollup_5m", "sel_events", "sel_cursors", "event_acks",
                            "alerts", "users", "sessions", "api_tokens", "audit_log"}) {
    const auto prefix = std::string("table ") + table + ": ";
    EXPECT_TRUE(std::any_of(schema.begin(), schema.end(), [&](const auto& s) {
      return s.starts_with(prefix);
    })) << table;
  }
  EXPECT_EQ(store->integrity_check(), "ok");
}

TEST_F(Schema, EveryEarlierVersionMigratesAndKeepsItsData) {
  for (int version = 1; version <= current_schema_version(); ++version) {
    SCOPED_TRACE("schema_v" + std::to_string(version) + ".sql");
    const auto path = dir_ / ("from_v" + std::to_string(version) + ".db");
    load_fixture(version, path);
    StoreOptions options;
    options.path = path;
    auto store = SqliteStore::open(options, clock_);
    EXPECT_EQ(store->schema_version(), current_schema_version());
    EXPECT_EQ(store->integrity_check(), "ok");

    auto server = store->server("fixture-node");
    ASSERT_TRUE(server);
    EXPECT_EQ(server->password_encrypted, "sb1:fixture-ciphertext");
    EXPECT_EQ(server->config.tags.at("site"), "jhb1");
    EXPECT_EQ(server->config.workaround_flags, std::vector<std::string>{"opensesspriv"});
    EXPECT_TRUE(store->status("fixture-node")->reachable);
    EXPECT_EQ(store->latest_sensors("fixture-node").at(0).reading.value, 45);

    auto events = store->events(EventFilter{});
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].event.severity, Severity::kCritical);
    ASSERT_TRUE(events[0].ack);
    EXPECT_EQ(store->events_total("fixture-node"), 1u);
    // The stored identity still matches: reading the record again after an upgrade stores nothing new.
    EXPECT_EQ(store->store_sel("fixture-node", {events[0].event}, *store->sel_cursor("fixture-node")).count(),
              0u);

    EXPECT_EQ(store->alerts(AlertFilter{}).size(), 1u);
    auto admin = store->user("admin");
    ASSERT_TRUE(admin);
    EXPECT_EQ(admin->role, Role::kAdmin);
    EXPECT_TRUE(store->use_api_token("tokenhash"));
    EXPECT_EQ(store->audit_log(10, 0).size(), 1u);
  }
}

TEST_F(Schema, ReleasedMigrationsNeverChange) {
  for (int version = 1; version <= current_schema_version(); ++version) {
    SCOPED_TRACE("schema_v" + std::to_string(version) + ".sql");
    const auto released = dir_ / ("released_v" + std::to_string(version) + ".db");
    load_fixture(version, released);
    const auto rebuilt = dir_ / ("rebuilt_v" + std::to_string(version) + ".db");
    core::db::Database::open({rebuilt}, migrations().first(static_cast<std::size_t>(version)));
    EXPECT_EQ(schema_of(rebuilt), schema_of(released));
  }
}

TEST_F(Schema, ADatabaseFromANewerReleaseIsRefusedAndLeftAlone) {
  { auto store = open_store(); }
  {
    SQLite::Database db(db_path(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = " + std::to_string(current_schema_version() + 1));
  }
  const auto before = test::read_file(db_path());
  try {
    open_store();
    FAIL();
  } catch (const core::db::DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("newer than this program knows"), std::string::npos) << e.what();
  }
  EXPECT_EQ(test::read_file(db_path()), before);
}

}  // namespace
}  // namespace dcm::ipmi::store
