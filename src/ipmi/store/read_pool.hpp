// Read-only connections to one SQLite database, lent to one thread at a time. In WAL mode each reader sees
// the last committed state and never waits for the writer, so pages and /metrics keep answering during a
// sweep's write transaction. Connections are opened lazily up to `max_connections`; a caller beyond that
// waits for one to come back.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

namespace dcm::ipmi::store {

class ReadPool {
 public:
  ReadPool(std::filesystem::path path, std::size_t max_connections, std::chrono::milliseconds busy_timeout);
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  class Lease {
   public:
    Lease(ReadPool& pool, std::unique_ptr<SQLite::Database> db) : pool_(&pool), db_(std::move(db)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    SQLite::Database& db() { return *db_; }

   private:
    ReadPool* pool_;
    std::unique_ptr<SQLite::Database> db_;
  };

  // Throws SQLite::Exception when a new connection cannot be opened.
  Lease acquire();

 private:
  void give_back(std::unique_ptr<SQLite::Database> db);

  std::filesystem::path path_;
  std::size_t max_connections_;
  std::chrono::milliseconds busy_timeout_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<SQLite::Database>> idle_;
  std::size_t open_ = 0;
};

}  // namespace dcm::ipmi::store
