// SqliteStore: SEL events (deduplicated storing with the cursor, queries, counts) and acknowledgements.
#include <variant>

#include "ipmi/store/event_identity.hpp"
#include "ipmi/store/sql_values.hpp"
#include "ipmi/store/sqlite_store.hpp"

namespace dcm::ipmi::store {
namespace {

using Parameter = std::variant<std::int64_t, std::string>;

// WHERE clause and its parameters for an EventFilter, over `sel_events e LEFT JOIN event_acks a`.
struct EventQuery {
  std::string where;
  std::vector<Parameter> parameters;

  explicit EventQuery(const EventFilter& filter) {
    where = " WHERE e.severity >= ?";
    parameters.emplace_back(static_cast<std::int64_t>(filter.min_severity));
    if (filter.server) {
      where += " AND e.server_id = (SELECT id FROM servers WHERE name = ?)";
      parameters.emplace_back(*filter.server);
    }
    if (filter.from) {
      where += " AND e.effective_ms >= ?";
      parameters.emplace_back(sql::to_ms(*filter.from));
    }
    if (filter.to) {
      where += " AND e.effective_ms < ?";
      parameters.emplace_back(sql::to_ms(*filter.to));
    }
    if (filter.acknowledged) {
      where += *filter.acknowledged ? " AND a.event_id IS NOT NULL" : " AND a.event_id IS NULL";
    }
  }

  int bind(SQLite::Statement& statement) const {
    int index = 1;
    for (const auto& parameter : parameters) {
      std::visit([&](const auto& value) { statement.bind(index, value); }, parameter);
      ++index;
    }
    return index;
  }
};

constexpr const char* kEventColumns =
    "e.id, s.name, e.record_id, e.bmc_time_ms, e.received_ms, e.severity, e.sensor_name, e.sensor_type, "
    "e.event_type, e.assertion, e.message, e.raw, a.user_name, a.time_ms";
constexpr const char* kEventTables =
    " FROM sel_events e JOIN servers s ON s.id = e.server_id LEFT JOIN event_acks a ON a.event_id = e.id";

EventRecord event_from_row(SQLite::Statement& row) {
  EventRecord record;
  record.id = row.getColumn(0).getInt64();
  record.server = row.getColumn(1).getString();
  auto& event = record.event;
  event.record_id = row.getColumn(2).getString();
  event.bmc_time = sql::optional_time(row.getColumn(3));
  event.received = sql::from_ms(row.getColumn(4).getInt64());
  event.severity = sql::severity_from(row.getColumn(5).getInt());
  event.sensor_name = row.getColumn(6).getString();
  event.sensor_type = row.getColumn(7).getString();
  event.event_type = row.getColumn(8).getString();
  event.assertion = row.getColumn(9).getInt() != 0;
  event.message = row.getColumn(10).getString();
  event.raw = row.getColumn(11).getString();
  if (!row.getColumn(12).isNull()) {
    record.ack = Acknowledgement{row.getColumn(12).getString(), sql::from_ms(row.getColumn(13).getInt64())};
  }
  return record;
}

void add_count(SeverityCounts& counts, int severity, std::uint64_t count) {
  switch (sql::severity_from(severity)) {
    case Severity::kCritical:
      counts.critical += count;
      break;
    case Severity::kWarning:
      counts.warning += count;
      break;
    case Severity::kInfo:
      counts.info += count;
      break;
  }
}

void bind_cursor(SQLite::Statement& statement, const SelCursor& cursor) {
  statement.bind(2, static_cast<std::int64_t>(cursor.info_seen.entries));
  if (cursor.info_seen.last_add_time) {
    statement.bind(3, static_cast<std::int64_t>(*cursor.info_seen.last_add_time));
  } else {
    statement.bind(3);
  }
  if (cursor.info_seen.last_erase_time) {
    statement.bind(4, static_cast<std::int64_t>(*cursor.info_seen.last_erase_time));
  } else {
    statement.bind(4);
  }
  statement.bind(5, cursor.last_record_id);
  statement.bind(6, cursor.last_record_raw);
}

std::optional<std::uint32_t> optional_u32(const SQLite::Column& column) {
  if (column.isNull()) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(column.getInt64());
}

}  // namespace

SelStoreResult SqliteStore::store_sel(std::string_view server, const std::vector<SelEvent>& events,
                                      const SelCursor& cursor) {
  const auto now = clock_.now();
  return write("store_sel", [&](SQLite::Database& db) {
    const auto server_id = require_server(db, "store_sel", server);
    SQLite::Statement insert(
        db,
        "INSERT INTO sel_events(server_id, record_id, identity, bmc_time_ms, received_ms, effective_ms, "
        "severity, sensor_name, sensor_type, event_type, assertion, message, raw) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(server_id, record_id, identity) DO NOTHING");
    SelStoreResult result;
    for (const auto& input : events) {
      SelEvent event = input;
      if (event.received == TimePoint{}) {
        event.received = now;
      }
      insert.bind(1, server_id);
      insert.bind(2, event.record_id);
      insert.bind(3, sel_event_identity(event));
      sql::bind_time(insert, 4, event.bmc_time);
      insert.bind(5, sql::to_ms(event.received));
      insert.bind(6, sql::to_ms(event.effective_time()));
      insert.bind(7, static_cast<int>(event.severity));
      insert.bind(8, event.sensor_name);
      insert.bind(9, event.sensor_type);
      insert.bind(10, event.event_type);
      insert.bind(11, event.assertion ? 1 : 0);
      insert.bind(12, event.message);
      insert.bind(13, event.raw);
      const bool added = insert.exec() > 0;
      insert.reset();
      if (added) {
        result.added.push_back(
            EventRecord{db.getLastInsertRowid(), std::string(server), std::move(event), {}});
      }
    }
    SQLite::Statement save_cursor(
        db,
        "INSERT INTO sel_cursors(server_id, entries, last_add_time, last_erase_time, last_record_id, "
        "last_record_raw, events_stored_total, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT(server_id) DO UPDATE SET entries = excluded.entries, "
        "last_add_time = excluded.last_add_time, last_erase_time = excluded.last_erase_time, "
        "last_record_id = excluded.last_record_id, last_record_raw = excluded.last_record_raw, "
        "events_stored_total = events_stored_total + excluded.events_stored_total, "
        "updated_ms = excluded.updated_ms");
    save_cursor.bind(1, server_id);
    bind_cursor(save_cursor, cursor);
    save_cursor.bind(7, static_cast<std::int64_t>(result.added.size()));
    save_cursor.bind(8, sql::to_ms(now));
    save_cursor.exec();
    return result;
  });
}

std::optional<SelCursor> SqliteStore::sel_cursor(std::string_view server) {
  return read("sel_cursor", [&](SQLite::Database& db) -> std::optional<SelCursor> {
    SQLite::Statement query(db,
                            "SELECT entries, last_add_time, last_erase_time, last_record_id, last_record_raw "
                            "FROM sel_cursors WHERE server_id = (SELECT id FROM servers WHERE name = ?)");
    query.bind(1, std::string(server));
    if (!query.executeStep()) {
      return std::nullopt;
    }
    SelCursor cursor;
    cursor.info_seen.entries = static_cast<std::uint32_t>(query.getColumn(0).getInt64());
    cursor.info_seen.last_add_time = optional_u32(query.getColumn(1));
    cursor.info_seen.last_erase_time = optional_u32(query.getColumn(2));
    cursor.last_record_id = query.getColumn(3).getString();
    cursor.last_record_raw = query.getColumn(4).getString();
    return cursor;
  });
}

std::vector<EventRecord> SqliteStore::events(const EventFilter& filter) {
  return read("events", [&](SQLite::Database& db) {
    const EventQuery where(filter);
    SQLite::Statement query(db, std::string("SELECT ") + kEventColumns + kEventTables + where.where +
                                    " ORDER BY e.effective_ms DESC, e.id DESC LIMIT ? OFFSET ?");
    const int next = where.bind(query);
    query.bind(next, static_cast<std::int64_t>(filter.limit));
    query.bind(next + 1, static_cast<std::int64_t>(filter.offset));
    std::vector<EventRecord> result;
    while (query.executeStep()) {
      result.push_back(event_from_row(query));
    }
    return result;
  });
}

std::uint64_t SqliteStore::count_events(const EventFilter& filter) {
  return read("count_events", [&](SQLite::Database& db) {
    const EventQuery where(filter);
    SQLite::Statement query(
        db, "SELECT count(*) FROM sel_events e LEFT JOIN event_acks a ON a.event_id = e.id" + where.where);
    where.bind(query);
    query.executeStep();
    return static_cast<std::uint64_t>(query.getColumn(0).getInt64());
  });
}

std::map<std::string, EventRecord> SqliteStore::latest_events() {
  return read("latest_events", [&](SQLite::Database& db) {
    // One index probe per server on (server_id, effective_ms), newest first.
    SQLite::Statement query(db, std::string("SELECT ") + kEventColumns + kEventTables +
                                    " WHERE e.id IN (SELECT (SELECT id FROM sel_events WHERE server_id = "
                                    "servers.id ORDER BY effective_ms DESC, id DESC LIMIT 1) FROM servers)");
    std::map<std::string, EventRecord> result;
    while (query.executeStep()) {
      auto record = event_from_row(query);
      auto name = record.server;
      result.emplace(std::move(name), std::move(record));
    }
    return result;
  });
}

SeverityCounts SqliteStore::event_counts(std::string_view server, TimePoint since) {
  return read("event_counts", [&](SQLite::Database& db) {
    SQLite::Statement query(db,
                            "SELECT severity, count(*) FROM sel_events "
                            "WHERE server_id = (SELECT id FROM servers WHERE name = ?) AND effective_ms >= ? "
                            "GROUP BY severity");
    query.bind(1, std::string(server));
    query.bind(2, sql::to_ms(since));
    SeverityCounts counts;
    while (query.executeStep()) {
      add_count(counts, query.getColumn(0).getInt(),
                static_cast<std::uint64_t>(query.getColumn(1).getInt64()));
    }
    return counts;
  });
}

std::map<std::string, SeverityCounts> SqliteStore::all_event_counts(TimePoint since) {
  return read("all_event_counts", [&](SQLite::Database& db) {
    std::map<std::string, SeverityCounts> result;
    SQLite::Statement names(db, "SELECT name FROM servers");
    while (names.executeStep()) {
      result[names.getColumn(0).getString()];
    }
    SQLite::Statement query(
        db,
        "SELECT s.name, e.severity, count(*) FROM sel_events e "
        "JOIN servers s ON s.id = e.server_id WHERE e.effective_ms >= ? "
        "GROUP BY +e.server_id, e.severity");  // '+': range-scan the time index, not every event
    query.bind(1, sql::to_ms(since));
    while (query.executeStep()) {
      add_count(result[query.getColumn(0).getString()], query.getColumn(1).getInt(),
                static_cast<std::uint64_t>(query.getColumn(2).getInt64()));
    }
    return result;
  });
}

std::uint64_t SqliteStore::events_total(std::string_view server) {
  return read("events_total", [&](SQLite::Database& db) -> std::uint64_t {
    SQLite::Statement query(db,
                            "SELECT events_stored_total FROM sel_cursors "
                            "WHERE server_id = (SELECT id FROM servers WHERE name = ?)");
    query.bind(1, std::string(server));
    return query.executeStep() ? static_cast<std::uint64_t>(query.getColumn(0).getInt64()) : 0;
  });
}

std::map<std::string, std::uint64_t> SqliteStore::all_events_totals() {
  return read("all_events_totals", [&](SQLite::Database& db) {
    SQLite::Statement query(db,
                            "SELECT s.name, COALESCE(c.events_stored_total, 0) FROM servers s "
                            "LEFT JOIN sel_cursors c ON c.server_id = s.id");
    std::map<std::string, std::uint64_t> result;
    while (query.executeStep()) {
      result[query.getColumn(0).getString()] = static_cast<std::uint64_t>(query.getColumn(1).getInt64());
    }
    return result;
  });
}

bool SqliteStore::acknowledge(std::int64_t event_id, std::string_view user) {
  const auto now = sql::to_ms(clock_.now());
  return write("acknowledge", [&](SQLite::Database& db) {
    SQLite::Statement exists(db, "SELECT 1 FROM sel_events WHERE id = ?");
    exists.bind(1, event_id);
    if (!exists.executeStep()) {
      return false;
    }
    SQLite::Statement insert(
        db, "INSERT OR IGNORE INTO event_acks(event_id, user_name, time_ms) VALUES (?, ?, ?)");
    insert.bind(1, event_id);
    insert.bind(2, std::string(user));
    insert.bind(3, now);
    insert.exec();
    return true;
  });
}

}  // namespace dcm::ipmi::store
