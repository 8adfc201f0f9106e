// The plain data that goes in and out of ipmi-monitor's store (store.hpp): what the collection engine
// records, what /metrics, the web UI/API and the alert engine read back. No SQL here; every time is UTC
// wall time (system_clock), stored with millisecond resolution.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ipmi/model.hpp"

namespace dcm::ipmi::store {

// ---- servers --------------------------------------------------------------------------------------------

// Where a server came from: the inventory file (servers.yaml / servers.csv) or the web UI.
enum class ServerOrigin { kFile, kUi };
std::string_view to_string(ServerOrigin origin);

struct ServerRecord {
  // Everything but the password: config.password is ignored on write and empty on read, so the plain
  // password never reaches the database.
  ServerConfig config;
  // The BMC password as core/secrets/secret_box encrypted it: opaque here, stored and returned as is.
  // Empty: no password stored. On update_server, nullopt keeps the stored one.
  std::optional<std::string> password_encrypted;
  ServerOrigin origin = ServerOrigin::kFile;
};

// One collection attempt, as the engine reports it (record_status).
struct StatusUpdate {
  bool reachable = false;  // a session was established and answered
  std::optional<bool> power_on;
  std::optional<double> power_watts;
  std::string error;  // human-readable ("timeout after 5 s"); empty when the attempt succeeded
  std::chrono::duration<double> duration{0};
};

// What the store keeps about a server's collection (server_status).
struct ServerStatus {
  bool reachable = false;
  std::optional<bool> power_on;
  std::optional<double> power_watts;
  TimePoint checked;                      // the latest attempt
  std::optional<TimePoint> last_success;  // the latest attempt without an error
  std::string last_error;                 // the latest error, kept after later successes
  std::optional<TimePoint> last_error_time;
  std::optional<TimePoint> unreachable_since;  // set while unreachable: when it stopped answering
  std::chrono::duration<double> duration{0};
};

// ---- sensors --------------------------------------------------------------------------------------------

// One server's readings from one sweep (record_sensors / record_sensor_sweep).
struct SensorSample {
  std::string server;
  TimePoint time;
  std::vector<SensorReading> readings;
};

struct LatestReading {
  SensorReading reading;
  TimePoint time;
};

// A point of a sensor's chart: a raw sample (min == avg == max) or a 5-minute rollup starting at `time`.
struct HistoryPoint {
  TimePoint time;
  double min = 0;
  double avg = 0;
  double max = 0;
  std::uint32_t samples = 1;
  bool rollup = false;
};

// ---- SEL events -----------------------------------------------------------------------------------------

struct Acknowledgement {
  std::string user;
  TimePoint time;
};

struct EventRecord {
  std::int64_t id = 0;
  std::string server;
  SelEvent event;
  std::optional<Acknowledgement> ack;
};

// Events newest first by effective time (bmc_time, or received when the BMC clock was unset).
struct EventFilter {
  std::optional<std::string> server;
  Severity min_severity = Severity::kInfo;
  std::optional<TimePoint> from;  // effective time >= from
  std::optional<TimePoint> to;    // effective time < to
  std::optional<bool> acknowledged;
  std::size_t limit = 100;
  std::size_t offset = 0;
};

struct SeverityCounts {
  std::uint64_t info = 0;
  std::uint64_t warning = 0;
  std::uint64_t critical = 0;
  bool operator==(const SeverityCounts&) const = default;
};

struct SelStoreResult {
  std::vector<EventRecord> added;  // newly stored events, in input order, with their ids: what alerts see
  std::size_t count() const { return added.size(); }
};

// ---- alerts ---------------------------------------------------------------------------------------------

enum class AlertState { kFiring, kResolved };
std::string_view to_string(AlertState state);

struct AlertFiring {
  std::string rule;
  std::optional<std::string> server;
  std::string dedup_key;  // one firing alert per key: a repeat only refreshes last_seen and summary
  Severity severity = Severity::kWarning;
  std::string summary;
};

struct AlertRecord {
  std::int64_t id = 0;
  std::string rule;
  std::optional<std::string> server;
  std::string dedup_key;
  AlertState state = AlertState::kFiring;
  Severity severity = Severity::kWarning;
  std::string summary;
  TimePoint started;
  TimePoint last_seen;
  std::optional<TimePoint> resolved;
  // When a notifier accepted the notification of the current state; nullopt: still to be sent (outbox).
  std::optional<TimePoint> notified;
};

struct AlertFireResult {
  std::int64_t id = 0;
  bool newly_firing = false;
};

struct AlertFilter {
  std::optional<AlertState> state;
  std::optional<std::string> server;
  bool pending_notification_only = false;
  std::size_t limit = 100;
  std::size_t offset = 0;
};

// ---- users, sessions, API tokens, audit --------------------------------------------------------------

enum class Role { kViewer = 0, kOperator = 1, kAdmin = 2 };
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct UserRecord {
  std::int64_t id = 0;
  std::string name;           // unique, case-insensitively
  std::string password_hash;  // argon2id encoded string ("$argon2id$v=19$..."), made by the caller
  Role role = Role::kViewer;
  bool disabled = false;
  TimePoint created;
  std::optional<TimePoint> last_login;
};

// Tokens are never stored: the caller hashes the session token and its CSRF token and hands the hashes in.
struct NewSession {
  std::string token_hash;
  std::string csrf_hash;
  std::int64_t user_id = 0;
  TimePoint expires;
  std::string client_address;
};

struct SessionRecord {
  std::string token_hash;
  std::string csrf_hash;
  UserRecord user;
  TimePoint created;
  TimePoint expires;
  TimePoint last_seen;
  std::string client_address;
};

struct ApiTokenRecord {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::kViewer;
  std::string created_by;
  TimePoint created;
  std::optional<TimePoint> last_used;
};

struct AuditEntry {
  std::string actor;   // user name, "token:<name>" or "system"
  std::string action;  // "server.add", "power.cycle", "user.disable", "login.failed", ...
  std::string target;  // what it acted on: a server, a user, an event id
  std::string client_address;
  std::string detail;  // free text; never a secret
};

struct AuditRecord {
  std::int64_t id = 0;
  TimePoint time;
  AuditEntry entry;
};

// ---- retention ------------------------------------------------------------------------------------------

// How long each kind of data is kept; zero keeps it for ever. Sensor samples older than `raw` are rolled into
// 5-minute rollups (min/avg/max), which are kept for `rollups`. `raw` and `rollups` come from config.yaml's
// retention.raw / retention.rollups (ipmi::Settings, same defaults); the others are fixed here for now.
struct RetentionPolicy {
  std::chrono::hours raw{24};
  std::chrono::hours rollups{24 * 30};
  std::chrono::hours events{24 * 365};
  std::chrono::hours resolved_alerts{24 * 90};
  std::chrono::hours audit{24 * 365};
  // Rows changed per write transaction; the writer lock is released between batches.
  std::size_t batch_rows = 5000;
};

struct RetentionReport {
  std::uint64_t samples_rolled_up = 0;  // raw samples folded into rollups (and deleted)
  std::uint64_t rollups_deleted = 0;
  std::uint64_t sensors_deleted = 0;  // sensors no longer reported and with no history left
  std::uint64_t events_deleted = 0;
  std::uint64_t alerts_deleted = 0;
  std::uint64_t audit_deleted = 0;
  std::uint64_t sessions_deleted = 0;
  std::uint64_t transactions = 0;
};

}  // namespace dcm::ipmi::store
