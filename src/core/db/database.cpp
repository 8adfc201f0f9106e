#include "core/db/database.hpp"

#include <sys/stat.h>

namespace dcm::core::db {

Database::Database(const std::filesystem::path& path, int flags) : db_(path.string(), flags), path_(path) {}

std::unique_ptr<Database> Database::open(const DatabaseOptions& options,
                                         std::span<const Migration> migrations) {
  const auto& path = options.path;
  std::error_code ec;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
  }
  const bool existed = std::filesystem::exists(path, ec);
  std::unique_ptr<Database> database;
  try {
    database.reset(new Database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX));
    if (!existed) {
      ::chmod(path.c_str(), 0600);
    }
    auto& db = database->db_;
    db.setBusyTimeout(static_cast<int>(options.busy_timeout.count()));
    // Reading the header first turns "file is not a database" into an error here, not at the first query.
    auto check = db.execAndGet("PRAGMA quick_check").getString();
    if (check != "ok") {
      throw DatabaseError(path.string() + ": damaged database (" + check +
                          "); restore a backup or move it aside");
    }
    db.exec("PRAGMA journal_mode=WAL");
    db.exec(options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA foreign_keys=ON");
  } catch (const SQLite::Exception& e) {
    throw DatabaseError(path.string() + ": " + e.what());
  }

  const int current = database->schema_version();
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  if (current > newest) {
    throw DatabaseError(path.string() + ": schema version " + std::to_string(current) +
                        " is newer than this program knows (" + std::to_string(newest) +
                        "); use a newer release");
  }
  for (const auto& migration : migrations) {
    if (migration.version <= current) {
      continue;
    }
    try {
      SQLite::Transaction transaction(database->db_);
      database->db_.exec(std::string(migration.sql));
      database->db_.exec("PRAGMA user_version = " + std::to_string(migration.version));
      transaction.commit();
    } catch (const SQLite::Exception& e) {
      throw DatabaseError(path.string() + ": migration " + std::to_string(migration.version) + " (" +
                          std::string(migration.description) + ") failed: " + e.what());
    }
  }
  return database;
}

int Database::schema_version() {
  return db_.execAndGet("PRAGMA user_version").getInt();
}

void Database::backup_to(const std::filesystem::path& destination) {
  std::error_code ec;
  std::filesystem::remove(destination, ec);
  try {
    SQLite::Statement vacuum(db_, "VACUUM INTO ?");
    vacuum.bind(1, destination.string());
    vacuum.exec();
  } catch (const SQLite::Exception& e) {
    throw DatabaseError(destination.string() + ": backup failed: " + e.what());
  }
  ::chmod(destination.c_str(), 0600);
}

}  // namespace dcm::core::db
