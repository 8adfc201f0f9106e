// The Store on one SQLite file in WAL mode (core::db::Database: migrations, quick_check on open).
//
// Threads: one SqliteStore is shared by every thread of the daemon. Writes go through one connection
// under a mutex, each in a BEGIN IMMEDIATE transaction; reads use a small pool of read-only connections
// (read_pool.hpp), so in WAL mode pages, the API and /metrics read the last committed state while a sweep
// writes, and never wait for it. Long jobs (retention, sweeps of many servers) commit in bounded batches
// and release the writer between them. Other processes (`ipmi-monitor backup`) may open the same file;
// SQLite's locks and the busy timeout arbitrate.
//
// Durability: a write has committed to the WAL when its method returns. With the default
// synchronous=NORMAL that survives the process being killed (kill -9, OOM, crash); `synchronous_full`
// also makes it survive power loss, at the cost of an fsync per commit.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string_view>
#include <type_traits>
#include <utility>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/db/database.hpp"
#include "core/sys/clock.hpp"
#include "ipmi/store/read_pool.hpp"
#include "ipmi/store/store.hpp"

namespace dcm::ipmi::store {

inline constexpr std::string_view kDatabaseFileName = "ipmi-monitor.db";  // under --data-dir

struct StoreOptions {
  std::filesystem::path path;
  RetentionPolicy retention;
  std::size_t read_connections = 4;
  std::chrono::milliseconds busy_timeout{5000};
  bool synchronous_full = false;
  // Servers per write transaction in record_sensor_sweep.
  std::size_t sweep_servers_per_transaction = 250;
};

class SqliteStore final : public Store {
 public:
  // Creates or opens and migrates the database. Throws core::db::DatabaseError naming the file when it is
  // not a database, is damaged, or is newer than this program; the file is left as it was.
  static std::unique_ptr<SqliteStore> open(const StoreOptions& options, const core::sys::Clock& clock);

  bool add_server(const ServerRecord& server) override;
  bool update_server(std::string_view name, const ServerRecord& server) override;
  void put_server(const ServerRecord& server) override;
  bool remove_server(std::string_view name) override;
  std::optional<ServerRecord> server(std::string_view name) override;
  std::vector<ServerRecord> servers() override;

  void record_status(std::string_view server, const StatusUpdate& update) override;
  std::optional<ServerStatus> status(std::string_view server) override;
  std::map<std::string, ServerStatus> statuses() override;

  void record_sensors(std::string_view server, TimePoint time,
                      const std::vector<SensorReading>& readings) override;
  std::size_t record_sensor_sweep(std::span<const SensorSample> samples) override;
  std::vector<LatestReading> latest_sensors(std::string_view server) override;
  std::map<std::string, std::vector<LatestReading>> all_latest_sensors() override;
  std::vector<HistoryPoint> sensor_history(std::string_view server, std::string_view sensor, TimePoint from,
                                           TimePoint to) override;

  SelStoreResult store_sel(std::string_view server, const std::vector<SelEvent>& events,
                           const SelCursor& cursor) override;
  std::optional<SelCursor> sel_cursor(std::string_view server) override;
  std::vector<EventRecord> events(const EventFilter& filter) override;
  std::uint64_t count_events(const EventFilter& filter) override;
  std::map<std::string, EventRecord> latest_events() override;
  SeverityCounts event_counts(std::string_view server, TimePoint since) override;
  std::map<std::string, SeverityCounts> all_event_counts(TimePoint since) override;
  std::uint64_t events_total(std::string_view server) override;
  std::map<std::string, std::uint64_t> all_events_totals() override;
  bool acknowledge(std::int64_t event_id, std::string_view user) override;

  AlertFireResult fire_alert(const AlertFiring& alert) override;
  std::optional<std::int64_t> resolve_alert(std::string_view dedup_key) override;
  void mark_alert_notified(std::int64_t alert_id) override;
  std::vector<AlertRecord> alerts(const AlertFilter& filter) override;

  std::optional<std::int64_t> create_user(std::string_view name, std::string_view password_hash,
                                          Role role) override;
  std::optional<UserRecord> user(std::string_view name) override;
  std::optional<UserRecord> user_by_id(std::int64_t id) override;
  std::vector<UserRecord> users() override;
  std::size_t count_users(std::optional<Role> role, bool enabled_only) override;
  bool set_user_password(std::int64_t id, std::string_view password_hash) override;
  bool set_user_role(std::int64_t id, Role role) override;
  bool set_user_disabled(std::int64_t id, bool disabled) override;
  bool delete_user(std::int64_t id) override;
  void record_login(std::int64_t id) override;

  void create_session(const NewSession& session) override;
  std::optional<SessionRecord> find_session(std::string_view token_hash) override;
  void touch_session(std::string_view token_hash, TimePoint expires) override;
  bool delete_session(std::string_view token_hash) override;
  std::size_t delete_user_sessions(std::int64_t user_id) override;

  std::int64_t create_api_token(std::string_view token_hash, std::string_view name, Role role,
                                std::string_view created_by) override;
  std::optional<ApiTokenRecord> use_api_token(std::string_view token_hash) override;
  std::vector<ApiTokenRecord> api_tokens() override;
  bool delete_api_token(std::int64_t id) override;

  void audit(const AuditEntry& entry) override;
  std::vector<AuditRecord> audit_log(std::size_t limit, std::size_t offset) override;

  RetentionReport enforce_retention(TimePoint now) override;
  void backup(const std::filesystem::path& destination) override;
  std::string integrity_check() override;

  const std::filesystem::path& path() const { return options_.path; }
  int schema_version();
  // Write transactions committed since open: lets tests check that a sweep is batched.
  std::uint64_t write_transactions() const { return write_transactions_.load(); }

 private:
  SqliteStore(std::unique_ptr<core::db::Database> writer, const StoreOptions& options,
              const core::sys::Clock& clock);

  [[noreturn]] void fail(std::string_view operation, const std::exception& error) const;
  // The id of the server called `name`; UnknownServerError when there is none.
  std::int64_t require_server(SQLite::Database& db, std::string_view operation, std::string_view name) const;

  // Runs `work(SQLite::Database&)` in one write transaction under the writer mutex and commits it.
  template <class Work>
  auto write(std::string_view operation, Work&& work) {
    std::lock_guard lock(write_mutex_);
    try {
      SQLite::Transaction transaction(writer_->handle(), SQLite::TransactionBehavior::IMMEDIATE);
      if constexpr (std::is_void_v<decltype(work(writer_->handle()))>) {
        work(writer_->handle());
        transaction.commit();
        ++write_transactions_;
      } else {
        auto result = work(writer_->handle());
        transaction.commit();
        ++write_transactions_;
        return result;
      }
    } catch (const SQLite::Exception& e) {
      fail(operation, e);
    }
  }

  // Runs `work(SQLite::Database&)` on a pooled read connection.
  template <class Work>
  auto read(std::string_view operation, Work&& work) {
    try {
      auto lease = readers_.acquire();
      return work(lease.db());
    } catch (const SQLite::Exception& e) {
      fail(operation, e);
    }
  }

  RetentionReport roll_up_sensors(std::int64_t raw_cutoff_ms, std::int64_t rollup_cutoff_ms);
  std::uint64_t delete_in_batches(std::string_view operation, const std::string& sql, std::int64_t cutoff_ms,
                                  RetentionReport& report);

  std::unique_ptr<core::db::Database> writer_;
  std::mutex write_mutex_;
  ReadPool readers_;
  const core::sys::Clock& clock_;
  StoreOptions options_;
  std::atomic<std::uint64_t> write_transactions_{0};
};

}  // namespace dcm::ipmi::store
