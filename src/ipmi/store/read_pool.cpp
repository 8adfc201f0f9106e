#include "ipmi/store/read_pool.hpp"

#include <utility>

namespace dcm::ipmi::store {

ReadPool::ReadPool(std::filesystem::path path, std::size_t max_connections,
                   std::chrono::milliseconds busy_timeout)
    : path_(std::move(path)),
      max_connections_(max_connections == 0 ? 1 : max_connections),
      busy_timeout_(busy_timeout) {}

ReadPool::Lease::~Lease() {
  if (pool_ != nullptr && db_) {
    pool_->give_back(std::move(db_));
  }
}

ReadPool::Lease ReadPool::acquire() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
  if (!idle_.empty()) {
    auto db = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(db));
  }
  ++open_;
  lock.unlock();
  try {
    // Read-write without CREATE: a WAL reader may need to write the -shm index; query_only refuses writes.
    auto db = std::make_unique<SQLite::Database>(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
    db->setBusyTimeout(static_cast<int>(busy_timeout_.count()));
    db->exec("PRAGMA query_only = ON");
    return Lease(*this, std::move(db));
  } catch (...) {
    lock.lock();
    --open_;
    returned_.notify_one();
    throw;
  }
}

void ReadPool::give_back(std::unique_ptr<SQLite::Database> db) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(db));
  }
  returned_.notify_one();
}

}  // namespace dcm::ipmi::store
