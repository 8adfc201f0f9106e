// SQLite for every daemon that keeps history: WAL mode, foreign keys, a busy timeout, an integrity check
// on open, and versioned migrations (PRAGMA user_version). Built on SQLiteCpp; callers use the SQLiteCpp
// handle for statements and transactions.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include <SQLiteCpp/SQLiteCpp.h>

namespace dcm::core::db {

// what() names the database file and what is wrong with it.
class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Migration {
  int version;  // 1, 2, 3, … in order; the schema's user_version after this migration
  std::string_view description;
  std::string_view sql;  // one or more statements
};

struct DatabaseOptions {
  std::filesystem::path path;
  std::chrono::milliseconds busy_timeout{5000};
  // NORMAL (the default) survives a crash of the process, the case `kill -9` tests; FULL also survives power
  // loss at the cost of an fsync per commit.
  bool synchronous_full = false;
};

class Database {
 public:
  // Creates the file (mode 0600) and its directory when missing. Throws DatabaseError when the file is not a
  // database, is damaged (quick_check fails), is newer than the migrations know, or a migration fails (the
  // failed migration is rolled back; earlier ones stay).
  static std::unique_ptr<Database> open(const DatabaseOptions& options,
                                        std::span<const Migration> migrations);

  SQLite::Database& handle() { return db_; }
  int schema_version();
  const std::filesystem::path& path() const { return path_; }

  // A consistent copy of the live database (VACUUM INTO), safe while other connections write.
  void backup_to(const std::filesystem::path& destination);

 private:
  Database(const std::filesystem::path& path, int flags);
  SQLite::Database db_;
  std::filesystem::path path_;
};

}  // namespace dcm::core::db
