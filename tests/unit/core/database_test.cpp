#include "core/db/database.hpp"

#include <array>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/paths.hpp"

namespace dcm::core::db {
namespace {

constexpr std::array kMigrations{
    Migration{1, "events", "CREATE TABLE events(id INTEGER PRIMARY KEY, text TEXT NOT NULL);"},
    Migration{2, "event severity", "ALTER TABLE events ADD COLUMN severity TEXT NOT NULL DEFAULT 'info';"},
};

TEST(Database, CreatesFileInWalModeAndAppliesMigrationsInOrder) {
  test::TempDir dir;
  auto db = Database::open({dir / "sub/state.db"}, kMigrations);
  EXPECT_EQ(db->schema_version(), 2);
  EXPECT_EQ(db->handle().execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db->handle().execAndGet("PRAGMA foreign_keys").getInt(), 1);
  db->handle().exec("INSERT INTO events(text, severity) VALUES('PSU failure', 'critical')");
  struct stat st {};
  ASSERT_EQ(::stat((dir / "sub/state.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(Database, ReopeningRunsOnlyNewMigrationsAndKeepsData) {
  test::TempDir dir;
  {
    auto db = Database::open({dir / "state.db"}, std::span(kMigrations).first(1));
    db->handle().exec("INSERT INTO events(text) VALUES('kept')");
  }
  auto db = Database::open({dir / "state.db"}, kMigrations);
  EXPECT_EQ(db->schema_version(), 2);
  EXPECT_EQ(db->handle().execAndGet("SELECT text || '/' || severity FROM events").getString(), "kept/info");
}

TEST(Database, RefusesASchemaNewerThanItKnows) {
  test::TempDir dir;
  Database::open({dir / "state.db"}, kMigrations);
  EXPECT_THROW(Database::open({dir / "state.db"}, std::span(kMigrations).first(1)), DatabaseError);
}

TEST(Database, FailedMigrationIsRolledBackAndNamed) {
  test::TempDir dir;
  std::array bad{kMigrations[0], Migration{2, "broken", "ALTER TABLE nope ADD COLUMN x;"}};
  try {
    Database::open({dir / "state.db"}, bad);
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("migration 2 (broken) failed"), std::string::npos) << e.what();
  }
  EXPECT_EQ(Database::open({dir / "state.db"}, std::span(kMigrations).first(1))->schema_version(), 1);
}

TEST(Database, GarbageOrTruncatedFileGivesAClearErrorAndIsLeftAlone) {
  test::TempDir dir;
  test::write_file(dir / "junk.db", std::string(5000, 'x'));
  try {
    Database::open({dir / "junk.db"}, kMigrations);
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with((dir / "junk.db").string() + ": ")) << e.what();
  }
  EXPECT_EQ(test::read_file(dir / "junk.db"), std::string(5000, 'x'));

  {
    auto db = Database::open({dir / "state.db"}, kMigrations);
    for (int i = 0; i < 500; ++i) {
      db->handle().exec("INSERT INTO events(text) VALUES('" + std::string(200, 'e') + "')");
    }
    db->handle().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  auto content = test::read_file(dir / "state.db");
  test::write_file(dir / "state.db", content.substr(0, content.size() / 2));
  EXPECT_THROW(Database::open({dir / "state.db"}, kMigrations), DatabaseError);
}

TEST(Database, BackupIsAConsistentReadableCopy) {
  test::TempDir dir;
  auto db = Database::open({dir / "state.db"}, kMigrations);
  db->handle().exec("INSERT INTO events(text) VALUES('one'), ('two')");
  db->backup_to(dir / "backup.db");
  auto copy = Database::open({dir / "backup.db"}, kMigrations);
  EXPECT_EQ(copy->handle().execAndGet("SELECT count(*) FROM events").getInt(), 2);
}

}  // namespace
}  // namespace dcm::core::db
