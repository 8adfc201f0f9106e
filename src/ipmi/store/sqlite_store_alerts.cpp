// SqliteStore: alerts (one firing alert per dedup key, resolve, notification outbox).
#include "ipmi/store/sql_values.hpp"
#include "ipmi/store/sqlite_store.hpp"

namespace dcm::ipmi::store {
namespace {

AlertRecord alert_from_row(SQLite::Statement& row) {
  AlertRecord alert;
  alert.id = row.getColumn(0).getInt64();
  alert.rule = row.getColumn(1).getString();
  if (!row.getColumn(2).isNull()) {
    alert.server = row.getColumn(2).getString();
  }
  alert.dedup_key = row.getColumn(3).getString();
  alert.state = row.getColumn(4).getString() == "resolved" ? AlertState::kResolved : AlertState::kFiring;
  alert.severity = sql::severity_from(row.getColumn(5).getInt());
  alert.summary = row.getColumn(6).getString();
  alert.started = sql::from_ms(row.getColumn(7).getInt64());
  alert.last_seen = sql::from_ms(row.getColumn(8).getInt64());
  alert.resolved = sql::optional_time(row.getColumn(9));
  alert.notified = sql::optional_time(row.getColumn(10));
  return alert;
}

}  // namespace

AlertFireResult SqliteStore::fire_alert(const AlertFiring& alert) {
  const auto now = sql::to_ms(clock_.now());
  return write("fire_alert", [&](SQLite::Database& db) {
    SQLite::Statement refresh(db,
                              "UPDATE alerts SET last_seen_ms = ?, summary = ?, severity = ? "
                              "WHERE dedup_key = ? AND state = 'firing' RETURNING id");
    refresh.bind(1, now);
    refresh.bind(2, alert.summary);
    refresh.bind(3, static_cast<int>(alert.severity));
    refresh.bind(4, alert.dedup_key);
    if (refresh.executeStep()) {
      return AlertFireResult{refresh.getColumn(0).getInt64(), false};
    }
    std::optional<std::int64_t> server_id;
    if (alert.server) {
      server_id = require_server(db, "fire_alert", *alert.server);
    }
    SQLite::Statement insert(db,
                             "INSERT INTO alerts(rule, server_id, dedup_key, state, severity, summary, "
                             "started_ms, last_seen_ms) VALUES (?, ?, ?, 'firing', ?, ?, ?, ?)");
    insert.bind(1, alert.rule);
    if (server_id) {
      insert.bind(2, *server_id);
    } else {
      insert.bind(2);
    }
    insert.bind(3, alert.dedup_key);
    insert.bind(4, static_cast<int>(alert.severity));
    insert.bind(5, alert.summary);
    insert.bind(6, now);
    insert.bind(7, now);
    insert.exec();
    return AlertFireResult{db.getLastInsertRowid(), true};
  });
}

std::optional<std::int64_t> SqliteStore::resolve_alert(std::string_view dedup_key) {
  const auto now = sql::to_ms(clock_.now());
  return write("resolve_alert", [&](SQLite::Database& db) -> std::optional<std::int64_t> {
    // A resolved alert needs its own notification: notified_ms starts again at NULL.
    SQLite::Statement resolve(db,
                              "UPDATE alerts SET state = 'resolved', resolved_ms = ?, last_seen_ms = ?, "
                              "notified_ms = NULL WHERE dedup_key = ? AND state = 'firing' RETURNING id");
    resolve.bind(1, now);
    resolve.bind(2, now);
    resolve.bind(3, std::string(dedup_key));
    if (!resolve.executeStep()) {
      return std::nullopt;
    }
    return resolve.getColumn(0).getInt64();
  });
}

void SqliteStore::mark_alert_notified(std::int64_t alert_id) {
  const auto now = sql::to_ms(clock_.now());
  write("mark_alert_notified", [&](SQLite::Database& db) {
    SQLite::Statement mark(db, "UPDATE alerts SET notified_ms = ? WHERE id = ?");
    mark.bind(1, now);
    mark.bind(2, alert_id);
    mark.exec();
  });
}

std::vector<AlertRecord> SqliteStore::alerts(const AlertFilter& filter) {
  return read("alerts", [&](SQLite::Database& db) {
    std::string sql =
        "SELECT a.id, a.rule, s.name, a.dedup_key, a.state, a.severity, a.summary, a.started_ms, "
        "a.last_seen_ms, a.resolved_ms, a.notified_ms FROM alerts a LEFT JOIN servers s ON s.id = "
        "a.server_id "
        "WHERE 1";
    if (filter.state) {
      sql += filter.state == AlertState::kFiring ? " AND a.state = 'firing'" : " AND a.state = 'resolved'";
    }
    if (filter.server) {
      sql += " AND s.name = :server";
    }
    if (filter.pending_notification_only) {
      sql += " AND a.notified_ms IS NULL";
    }
    // The outbox is worked oldest first; listings show the newest first.
    sql += filter.pending_notification_only ? " ORDER BY a.id" : " ORDER BY a.id DESC";
    sql += " LIMIT :limit OFFSET :offset";
    SQLite::Statement query(db, sql);
    if (filter.server) {
      query.bind(":server", *filter.server);
    }
    query.bind(":limit", static_cast<std::int64_t>(filter.limit));
    query.bind(":offset", static_cast<std::int64_t>(filter.offset));
    std::vector<AlertRecord> result;
    while (query.executeStep()) {
      result.push_back(alert_from_row(query));
    }
    return result;
  });
}

}  // namespace dcm::ipmi::store
