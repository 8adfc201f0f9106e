#include "ipmi/store/sqlite_store.hpp"

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipmi/store/schema.hpp"
#include "ipmi/store/sql_values.hpp"

namespace dcm::ipmi::store {
namespace {

// fsync a file or directory so a rename that follows (or precedes) it is durable.
void sync_path(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return;
  }
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::unique_ptr<SqliteStore> SqliteStore::open(const StoreOptions& options, const core::sys::Clock& clock) {
  core::db::DatabaseOptions db_options;
  db_options.path = options.path;
  db_options.busy_timeout = options.busy_timeout;
  db_options.synchronous_full = options.synchronous_full;
  auto writer = core::db::Database::open(db_options, migrations());
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(writer), options, clock));
}

SqliteStore::SqliteStore(std::unique_ptr<core::db::Database> writer, const StoreOptions& options,
                         const core::sys::Clock& clock)
    : writer_(std::move(writer)),
      readers_(options.path, options.read_connections, options.busy_timeout),
      clock_(clock),
      options_(options) {}

void SqliteStore::fail(std::string_view operation, const std::exception& error) const {
  throw core::db::DatabaseError(options_.path.string() + ": " + std::string(operation) + ": " + error.what());
}

std::int64_t SqliteStore::require_server(SQLite::Database& db, std::string_view operation,
                                         std::string_view name) const {
  if (auto id = sql::find_server_id(db, name)) {
    return *id;
  }
  throw UnknownServerError(options_.path.string() + ": " + std::string(operation) + ": unknown server '" +
                           std::string(name) + "'");
}

int SqliteStore::schema_version() {
  return read("schema_version",
              [](SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); });
}

std::string SqliteStore::integrity_check() {
  return read("integrity_check", [](SQLite::Database& db) {
    SQLite::Statement check(db, "PRAGMA integrity_check");
    std::string result;
    while (check.executeStep()) {
      if (!result.empty()) {
        result += "; ";
      }
      result += check.getColumn(0).getString();
    }
    return result;
  });
}

void SqliteStore::backup(const std::filesystem::path& destination) {
  // VACUUM INTO runs in one read transaction: a consistent snapshot that does not block the writer. It
  // writes beside the destination first, so an existing backup is replaced only by a complete one.
  const auto partial = std::filesystem::path(destination.string() + ".partial");
  std::error_code ec;
  std::filesystem::remove(partial, ec);
  try {
    auto lease = readers_.acquire();
    auto& db = lease.db();
    db.exec("PRAGMA query_only = OFF");
    try {
      SQLite::Statement vacuum(db, "VACUUM INTO ?");
      vacuum.bind(1, partial.string());
      vacuum.exec();
    } catch (...) {
      db.exec("PRAGMA query_only = ON");
      throw;
    }
    db.exec("PRAGMA query_only = ON");
  } catch (const SQLite::Exception& e) {
    std::filesystem::remove(partial, ec);
    throw core::db::DatabaseError(destination.string() + ": backup of " + options_.path.string() +
                                  " failed: " + e.what());
  }
  ::chmod(partial.c_str(), 0600);
  sync_path(partial);
  if (::rename(partial.c_str(), destination.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::filesystem::remove(partial, ec);
    throw core::db::DatabaseError(destination.string() + ": backup failed: " + reason);
  }
  sync_path(destination.has_parent_path() ? destination.parent_path() : std::filesystem::path("."));
}

}  // namespace dcm::ipmi::store
