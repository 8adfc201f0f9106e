#include "ipmi/store/schema.hpp"

#include <array>

namespace dcm::ipmi::store {
namespace {

// Conventions: every *_ms column is UTC milliseconds since the Unix epoch; severities are 0 info,
// 1 warning, 2 critical (ipmi::Severity); sensor states are ipmi::SensorState. docs/ipmi-monitor/storage.md
// describes every table.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE servers (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL UNIQUE,
  bmc_host           TEXT NOT NULL,
  bmc_port           INTEGER NOT NULL DEFAULT 0,
  redfish_url        TEXT NOT NULL DEFAULT '',
  server_ip          TEXT NOT NULL DEFAULT '',
  protocol           TEXT NOT NULL CHECK (protocol IN ('ipmi', 'redfish', 'auto')),
  bmc_user           TEXT NOT NULL DEFAULT '',
  password_encrypted TEXT NOT NULL DEFAULT '',
  cipher_suite       INTEGER NOT NULL DEFAULT 3,
  privilege          TEXT NOT NULL CHECK (privilege IN ('user', 'operator', 'admin')),
  workaround_flags   TEXT NOT NULL DEFAULT '',
  timeout_ms         INTEGER NOT NULL DEFAULT 5000,
  tls_verify         INTEGER NOT NULL DEFAULT 1,
  origin             TEXT NOT NULL DEFAULT 'file' CHECK (origin IN ('file', 'ui')),
  created_ms         INTEGER NOT NULL,
  updated_ms         INTEGER NOT NULL
);

CREATE TABLE server_tags (
  server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  key       TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY (server_id, key)
) WITHOUT ROWID;
CREATE INDEX server_tags_by_value ON server_tags(key, value);

CREATE TABLE server_status (
  server_id            INTEGER PRIMARY KEY REFERENCES servers(id) ON DELETE CASCADE,
  reachable            INTEGER NOT NULL,
  power_on             INTEGER,
  power_watts          REAL,
  checked_ms           INTEGER NOT NULL,
  last_success_ms      INTEGER,
  last_error           TEXT NOT NULL DEFAULT '',
  last_error_ms        INTEGER,
  unreachable_since_ms INTEGER,
  duration_seconds     REAL NOT NULL DEFAULT 0
);

CREATE TABLE sensors (
  id        INTEGER PRIMARY KEY,
  server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  name      TEXT NOT NULL,
  type      TEXT NOT NULL DEFAULT '',
  unit      TEXT NOT NULL DEFAULT '',
  UNIQUE (server_id, name)
);

CREATE TABLE sensor_latest (
  sensor_id INTEGER PRIMARY KEY REFERENCES sensors(id) ON DELETE CASCADE,
  server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  time_ms   INTEGER NOT NULL,
  value     REAL,
  state     INTEGER NOT NULL
);
CREATE INDEX sensor_latest_by_server ON sensor_latest(server_id);

CREATE TABLE sensor_history (
  sensor_id INTEGER NOT NULL REFERENCES sensors(id) ON DELETE CASCADE,
  time_ms   INTEGER NOT NULL,
  value     REAL NOT NULL,
  PRIMARY KEY (sensor_id, time_ms)
) WITHOUT ROWID;

CREATE TABLE sensor_rollup_5m (
  sensor_id INTEGER NOT NULL REFERENCES sensors(id) ON DELETE CASCADE,
  bucket_ms INTEGER NOT NULL,
  min       REAL NOT NULL,
  max       REAL NOT NULL,
  sum       REAL NOT NULL,
  samples   INTEGER NOT NULL,
  PRIMARY KEY (sensor_id, bucket_ms)
) WITHOUT ROWID;

CREATE TABLE sel_events (
  id           INTEGER PRIMARY KEY,
  server_id    INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  record_id    TEXT NOT NULL,
  identity     INTEGER NOT NULL,
  bmc_time_ms  INTEGER,
  received_ms  INTEGER NOT NULL,
  effective_ms INTEGER NOT NULL,
  severity     INTEGER NOT NULL CHECK (severity IN (0, 1, 2)),
  sensor_name  TEXT NOT NULL DEFAULT '',
  sensor_type  TEXT NOT NULL DEFAULT '',
  event_type   TEXT NOT NULL DEFAULT '',
  assertion    INTEGER NOT NULL DEFAULT 1,
  message      TEXT NOT NULL DEFAULT '',
  raw          TEXT NOT NULL DEFAULT '',
  UNIQUE (server_id, record_id, identity)
);
CREATE INDEX sel_events_by_server_time ON sel_events(server_id, effective_ms);
CREATE INDEX sel_events_by_time ON sel_events(effective_ms);
CREATE INDEX sel_events_by_received ON sel_events(received_ms);

CREATE TABLE sel_cursors (
  server_id           INTEGER PRIMARY KEY REFERENCES servers(id) ON DELETE CASCADE,
  entries             INTEGER NOT NULL DEFAULT 0,
  last_add_time       INTEGER,
  last_erase_time     INTEGER,
  last_record_id      TEXT NOT NULL DEFAULT '',
  last_record_raw     TEXT NOT NULL DEFAULT '',
  events_stored_total INTEGER NOT NULL DEFAULT 0,
  updated_ms          INTEGER NOT NULL
);

CREATE TABLE event_acks (
  event_id  INTEGER PRIMARY KEY REFERENCES sel_events(id) ON DELETE CASCADE,
  user_name TEXT NOT NULL,
  time_ms   INTEGER NOT NULL
);

CREATE TABLE alerts (
  id           INTEGER PRIMARY KEY,
  rule         TEXT NOT NULL,
  server_id    INTEGER REFERENCES servers(id) ON DELETE CASCADE,
  dedup_key    TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('firing', 'resolved')),
  severity     INTEGER NOT NULL CHECK (severity IN (0, 1, 2)),
  summary      TEXT NOT NULL DEFAULT '',
  started_ms   INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  resolved_ms  INTEGER,
  notified_ms  INTEGER
);
CREATE UNIQUE INDEX alerts_one_firing_per_key ON alerts(dedup_key) WHERE state = 'firing';
CREATE INDEX alerts_by_state ON alerts(state, started_ms);
CREATE INDEX alerts_pending ON alerts(id) WHERE notified_ms IS NULL;

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_ms    INTEGER NOT NULL,
  updated_ms    INTEGER NOT NULL,
  last_login_ms INTEGER
);

CREATE TABLE sessions (
  token_hash     TEXT PRIMARY KEY,
  user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_hash      TEXT NOT NULL,
  created_ms     INTEGER NOT NULL,
  expires_ms     INTEGER NOT NULL,
  last_seen_ms   INTEGER NOT NULL,
  client_address TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE INDEX sessions_by_expiry ON sessions(expires_ms);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  created_by   TEXT NOT NULL DEFAULT '',
  created_ms   INTEGER NOT NULL,
  last_used_ms INTEGER
);

CREATE TABLE audit_log (
  id             INTEGER PRIMARY KEY,
  time_ms        INTEGER NOT NULL,
  actor          TEXT NOT NULL,
  action         TEXT NOT NULL,
  target         TEXT NOT NULL DEFAULT '',
  client_address TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log(time_ms);
)sql";

constexpr std::array kMigrations{
    core::db::Migration{1, "servers, status, sensors, SEL events, alerts, users, sessions, tokens, audit",
                        kVersion1},
};

}  // namespace

std::span<const core::db::Migration> migrations() {
  return kMigrations;
}

int current_schema_version() {
  return kMigrations.back().version;
}

}  // namespace dcm::ipmi::store
