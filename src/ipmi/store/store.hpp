// ipmi-monitor's persistent state behind one interface: servers, their collection status, sensor readings and
// history, SEL events and their acknowledgements, alerts, users, sessions, API tokens and the audit log.
// SqliteStore (sqlite_store.hpp) implements it; a PostgreSQL backend can implement it later
// (docs/ipmi-monitor/storage.md says how the operations map).
//
// Contract for every implementation:
// - Every method may be called from any thread, concurrently.
// - Failures are thrown as core::db::DatabaseError whose what() names the database and the operation.
//   Writing for a server name the store does not know throws UnknownServerError (the server was removed
//   while a sweep ran); reading for one returns nothing (nullopt, empty, zero).
// - A method that writes has committed durably when it returns (a killed process loses nothing that a
//   returned call stored); a method that throws has changed nothing.
// - Secrets never enter in plain form: BMC passwords arrive encrypted, session/CSRF/API tokens as hashes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/db/database.hpp"
#include "ipmi/model.hpp"
#include "ipmi/store/records.hpp"

namespace dcm::ipmi::store {

class UnknownServerError : public core::db::DatabaseError {
 public:
  using core::db::DatabaseError::DatabaseError;
};

class Store {
 public:
  virtual ~Store() = default;

  // ---- servers (names are unique; a rename keeps the server's history) ----
  // False when the name is taken.
  virtual bool add_server(const ServerRecord& server) = 0;
  // Replaces the server called `name` (which may be renamed to server.config.name). A nullopt
  // password_encrypted keeps the stored password. False when `name` is unknown or the new name is taken.
  virtual bool update_server(std::string_view name, const ServerRecord& server) = 0;
  // Adds or replaces by name (the inventory file's load path).
  virtual void put_server(const ServerRecord& server) = 0;
  // Removes the server and everything stored about it. False when unknown.
  virtual bool remove_server(std::string_view name) = 0;
  virtual std::optional<ServerRecord> server(std::string_view name) = 0;
  virtual std::vector<ServerRecord> servers() = 0;  // by name

  // ---- collection status ----
  virtual void record_status(std::string_view server, const StatusUpdate& update) = 0;
  virtual std::optional<ServerStatus> status(std::string_view server) = 0;
  virtual std::map<std::string, ServerStatus> statuses() = 0;

  // ---- sensors ----
  // Replaces the server's latest readings with `readings` (sensors it no longer reports drop out of the
  // latest set) and appends the numeric ones to the raw history, in one transaction.
  virtual void record_sensors(std::string_view server, TimePoint time,
                              const std::vector<SensorReading>& readings) = 0;
  // The same for many servers at once, in a few large transactions (one sweep). Unknown servers are
  // skipped; returns how many servers were stored.
  virtual std::size_t record_sensor_sweep(std::span<const SensorSample> samples) = 0;
  virtual std::vector<LatestReading> latest_sensors(std::string_view server) = 0;
  virtual std::map<std::string, std::vector<LatestReading>> all_latest_sensors() = 0;
  // Points with time in [from, to], oldest first: 5-minute rollups where the raw samples have been rolled
  // up (older than the raw retention, 24 h by default), raw samples after that.
  virtual std::vector<HistoryPoint> sensor_history(std::string_view server, std::string_view sensor,
                                                   TimePoint from, TimePoint to) = 0;

  // ---- SEL ----
  // Stores the events not stored before (identity: server + record id + raw record, see
  // sel_event_identity) and the new cursor in one transaction; returns the newly stored ones.
  virtual SelStoreResult store_sel(std::string_view server, const std::vector<SelEvent>& events,
                                   const SelCursor& cursor) = 0;
  virtual std::optional<SelCursor> sel_cursor(std::string_view server) = 0;
  virtual std::vector<EventRecord> events(const EventFilter& filter) = 0;
  virtual std::uint64_t count_events(const EventFilter& filter) = 0;  // ignores limit and offset
  // Each server's newest event by effective time (the dashboard's "last event"); servers without events are
  // left out.
  virtual std::map<std::string, EventRecord> latest_events() = 0;
  // By severity, for events whose effective time (bmc_time, else received) is at or after `since`.
  virtual SeverityCounts event_counts(std::string_view server, TimePoint since) = 0;
  virtual std::map<std::string, SeverityCounts> all_event_counts(TimePoint since) = 0;
  // SEL records ever stored for the server: a counter that retention never lowers (ipmi_events_total).
  virtual std::uint64_t events_total(std::string_view server) = 0;
  virtual std::map<std::string, std::uint64_t> all_events_totals() = 0;
  // False when there is no such event. Acknowledging twice keeps the first acknowledgement.
  virtual bool acknowledge(std::int64_t event_id, std::string_view user) = 0;

  // ---- alerts ----
  virtual AlertFireResult fire_alert(const AlertFiring& alert) = 0;
  // Resolves the firing alert with that key; its id, or nullopt when none was firing.
  virtual std::optional<std::int64_t> resolve_alert(std::string_view dedup_key) = 0;
  virtual void mark_alert_notified(std::int64_t alert_id) = 0;
  virtual std::vector<AlertRecord> alerts(const AlertFilter& filter) = 0;

  // ---- users ----
  // The new user's id, or nullopt when the name is taken (case-insensitively).
  virtual std::optional<std::int64_t> create_user(std::string_view name, std::string_view password_hash,
                                                  Role role) = 0;
  virtual std::optional<UserRecord> user(std::string_view name) = 0;
  virtual std::optional<UserRecord> user_by_id(std::int64_t id) = 0;
  virtual std::vector<UserRecord> users() = 0;
  virtual std::size_t count_users(std::optional<Role> role, bool enabled_only) = 0;
  // Each returns false when the user is unknown. Changing the password or disabling a user ends its sessions.
  virtual bool set_user_password(std::int64_t id, std::string_view password_hash) = 0;
  virtual bool set_user_role(std::int64_t id, Role role) = 0;
  virtual bool set_user_disabled(std::int64_t id, bool disabled) = 0;
  virtual bool delete_user(std::int64_t id) = 0;
  virtual void record_login(std::int64_t id) = 0;

  // ---- sessions (keyed by the hash of the session token) ----
  virtual void create_session(const NewSession& session) = 0;
  // Nullopt when unknown, expired, or its user is disabled.
  virtual std::optional<SessionRecord> find_session(std::string_view token_hash) = 0;
  // Marks the session seen now and moves its expiry (sliding expiry).
  virtual void touch_session(std::string_view token_hash, TimePoint expires) = 0;
  virtual bool delete_session(std::string_view token_hash) = 0;
  virtual std::size_t delete_user_sessions(std::int64_t user_id) = 0;

  // ---- API tokens (keyed by the hash of the token) ----
  virtual std::int64_t create_api_token(std::string_view token_hash, std::string_view name, Role role,
                                        std::string_view created_by) = 0;
  // Also marks the token used now.
  virtual std::optional<ApiTokenRecord> use_api_token(std::string_view token_hash) = 0;
  virtual std::vector<ApiTokenRecord> api_tokens() = 0;
  virtual bool delete_api_token(std::int64_t id) = 0;

  // ---- audit log ----
  virtual void audit(const AuditEntry& entry) = 0;
  virtual std::vector<AuditRecord> audit_log(std::size_t limit, std::size_t offset) = 0;

  // ---- maintenance ----
  // Rolls raw sensor history older than the raw retention into 5-minute rollups and deletes what is past
  // its retention, in transactions of bounded size.
  virtual RetentionReport enforce_retention(TimePoint now) = 0;
  // A consistent copy of the whole database at `destination` while the store stays in use. The file
  // appears complete or not at all (written beside it, then renamed over it).
  virtual void backup(const std::filesystem::path& destination) = 0;
  // "ok", or the problems found.
  virtual std::string integrity_check() = 0;
};

}  // namespace dcm::ipmi::store
