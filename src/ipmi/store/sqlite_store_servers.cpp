// SqliteStore: the server inventory and each server's collection status.
#include <sstream>

#include "ipmi/store/sql_values.hpp"
#include "ipmi/store/sqlite_store.hpp"

namespace dcm::ipmi::store {
namespace {

constexpr const char* kServerColumns =
    "id, name, bmc_host, bmc_port, redfish_url, server_ip, protocol, bmc_user, password_encrypted, "
    "cipher_suite, privilege, workaround_flags, timeout_ms, tls_verify, origin";

Protocol parse_protocol(std::string_view text) {
  return text == "redfish" ? Protocol::kRedfish : text == "auto" ? Protocol::kAuto : Protocol::kIpmi;
}

Privilege parse_privilege(std::string_view text) {
  return text == "user" ? Privilege::kUser : text == "operator" ? Privilege::kOperator : Privilege::kAdmin;
}

std::string join_flags(const std::vector<std::string>& flags) {
  std::string joined;
  for (const auto& flag : flags) {
    if (!joined.empty()) {
      joined += ' ';
    }
    joined += flag;
  }
  return joined;
}

std::vector<std::string> split_flags(const std::string& joined) {
  std::vector<std::string> flags;
  std::istringstream in(joined);
  for (std::string flag; in >> flag;) {
    flags.push_back(flag);
  }
  return flags;
}

// Binds ?2..?15 of the INSERT and UPDATE statements below (?1 is the id or unused).
void bind_server(SQLite::Statement& statement, const ServerRecord& record, std::int64_t now_ms) {
  const auto& c = record.config;
  statement.bind(2, c.name);
  statement.bind(3, c.bmc_host);
  statement.bind(4, c.bmc_port);
  statement.bind(5, c.redfish_url);
  statement.bind(6, c.server_ip);
  statement.bind(7, std::string(to_string(c.protocol)));
  statement.bind(8, c.user);
  if (record.password_encrypted) {
    statement.bind(9, *record.password_encrypted);
  } else {
    statement.bind(9);  // NULL: the UPDATE keeps the stored password, the INSERT stores ''
  }
  statement.bind(10, c.cipher_suite);
  statement.bind(11, std::string(to_string(c.privilege)));
  statement.bind(12, join_flags(c.workaround_flags));
  statement.bind(13, static_cast<std::int64_t>(c.timeout.count()));
  statement.bind(14, c.tls_verify ? 1 : 0);
  statement.bind(15, std::string(to_string(record.origin)));
  statement.bind(16, now_ms);
}

void replace_tags(SQLite::Database& db, std::int64_t server_id,
                  const std::map<std::string, std::string>& tags) {
  SQLite::Statement clear(db, "DELETE FROM server_tags WHERE server_id = ?");
  clear.bind(1, server_id);
  clear.exec();
  SQLite::Statement insert(db, "INSERT INTO server_tags(server_id, key, value) VALUES (?, ?, ?)");
  for (const auto& [key, value] : tags) {
    insert.bind(1, server_id);
    insert.bind(2, key);
    insert.bind(3, value);
    insert.exec();
    insert.reset();
  }
}

std::int64_t insert_server(SQLite::Database& db, const ServerRecord& record, std::int64_t now_ms) {
  SQLite::Statement insert(db,
                           "INSERT INTO servers(name, bmc_host, bmc_port, redfish_url, server_ip, protocol, "
                           "bmc_user, password_encrypted, cipher_suite, privilege, workaround_flags, "
                           "timeout_ms, tls_verify, origin, created_ms, updated_ms) VALUES (?2, ?3, ?4, ?5, "
                           "?6, ?7, ?8, COALESCE(?9, ''), ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)");
  bind_server(insert, record, now_ms);
  insert.exec();
  const auto id = db.getLastInsertRowid();
  replace_tags(db, id, record.config.tags);
  return id;
}

void update_server_row(SQLite::Database& db, std::int64_t id, const ServerRecord& record,
                       std::int64_t now_ms) {
  SQLite::Statement update(db,
                           "UPDATE servers SET name = ?2, bmc_host = ?3, bmc_port = ?4, redfish_url = ?5, "
                           "server_ip = ?6, protocol = ?7, bmc_user = ?8, "
                           "password_encrypted = COALESCE(?9, password_encrypted), cipher_suite = ?10, "
                           "privilege = ?11, workaround_flags = ?12, timeout_ms = ?13, tls_verify = ?14, "
                           "origin = ?15, updated_ms = ?16 WHERE id = ?1");
  update.bind(1, id);
  bind_server(update, record, now_ms);
  update.exec();
  replace_tags(db, id, record.config.tags);
}

// Reads the columns of kServerColumns; tags are filled in by the caller.
ServerRecord server_from_row(SQLite::Statement& row) {
  ServerRecord record;
  auto& c = record.config;
  c.name = row.getColumn(1).getString();
  c.bmc_host = row.getColumn(2).getString();
  c.bmc_port = row.getColumn(3).getInt();
  c.redfish_url = row.getColumn(4).getString();
  c.server_ip = row.getColumn(5).getString();
  c.protocol = parse_protocol(row.getColumn(6).getString());
  c.user = row.getColumn(7).getString();
  record.password_encrypted = row.getColumn(8).getString();
  c.cipher_suite = row.getColumn(9).getInt();
  c.privilege = parse_privilege(row.getColumn(10).getString());
  c.workaround_flags = split_flags(row.getColumn(11).getString());
  c.timeout = std::chrono::milliseconds(row.getColumn(12).getInt64());
  c.tls_verify = row.getColumn(13).getInt() != 0;
  record.origin = row.getColumn(14).getString() == "ui" ? ServerOrigin::kUi : ServerOrigin::kFile;
  return record;
}

std::map<std::int64_t, std::map<std::string, std::string>> load_tags(SQLite::Database& db,
                                                                     std::optional<std::int64_t> server_id) {
  SQLite::Statement query(db, server_id ? "SELECT server_id, key, value FROM server_tags WHERE server_id = ?"
                                        : "SELECT server_id, key, value FROM server_tags");
  if (server_id) {
    query.bind(1, *server_id);
  }
  std::map<std::int64_t, std::map<std::string, std::string>> tags;
  while (query.executeStep()) {
    tags[query.getColumn(0).getInt64()][query.getColumn(1).getString()] = query.getColumn(2).getString();
  }
  return tags;
}

constexpr const char* kStatusColumns =
    "reachable, power_on, power_watts, checked_ms, last_success_ms, last_error, last_error_ms, "
    "unreachable_since_ms, duration_seconds";

ServerStatus status_from_row(SQLite::Statement& row, int first) {
  ServerStatus status;
  status.reachable = row.getColumn(first).getInt() != 0;
  status.power_on = sql::optional_bool(row.getColumn(first + 1));
  status.power_watts = sql::optional_double(row.getColumn(first + 2));
  status.checked = sql::from_ms(row.getColumn(first + 3).getInt64());
  status.last_success = sql::optional_time(row.getColumn(first + 4));
  status.last_error = row.getColumn(first + 5).getString();
  status.last_error_time = sql::optional_time(row.getColumn(first + 6));
  status.unreachable_since = sql::optional_time(row.getColumn(first + 7));
  status.duration = std::chrono::duration<double>(row.getColumn(first + 8).getDouble());
  return status;
}

}  // namespace

bool SqliteStore::add_server(const ServerRecord& server) {
  const auto now = sql::to_ms(clock_.now());
  return write("add_server", [&](SQLite::Database& db) {
    if (sql::find_server_id(db, server.config.name)) {
      return false;
    }
    insert_server(db, server, now);
    return true;
  });
}

bool SqliteStore::update_server(std::string_view name, const ServerRecord& server) {
  const auto now = sql::to_ms(clock_.now());
  return write("update_server", [&](SQLite::Database& db) {
    const auto id = sql::find_server_id(db, name);
    if (!id) {
      return false;
    }
    if (server.config.name != name) {
      if (sql::find_server_id(db, server.config.name)) {
        return false;
      }
    }
    update_server_row(db, *id, server, now);
    return true;
  });
}

void SqliteStore::put_server(const ServerRecord& server) {
  const auto now = sql::to_ms(clock_.now());
  write("put_server", [&](SQLite::Database& db) {
    if (const auto id = sql::find_server_id(db, server.config.name)) {
      update_server_row(db, *id, server, now);
    } else {
      insert_server(db, server, now);
    }
  });
}

bool SqliteStore::remove_server(std::string_view name) {
  return write("remove_server", [&](SQLite::Database& db) {
    SQLite::Statement remove(db, "DELETE FROM servers WHERE name = ?");
    remove.bind(1, std::string(name));
    return remove.exec() > 0;
  });
}

std::optional<ServerRecord> SqliteStore::server(std::string_view name) {
  return read("server", [&](SQLite::Database& db) -> std::optional<ServerRecord> {
    SQLite::Statement query(db, std::string("SELECT ") + kServerColumns + " FROM servers WHERE name = ?");
    query.bind(1, std::string(name));
    if (!query.executeStep()) {
      return std::nullopt;
    }
    auto record = server_from_row(query);
    const auto id = query.getColumn(0).getInt64();
    record.config.tags = std::move(load_tags(db, id)[id]);
    return record;
  });
}

std::vector<ServerRecord> SqliteStore::servers() {
  return read("servers", [&](SQLite::Database& db) {
    auto tags = load_tags(db, std::nullopt);
    SQLite::Statement query(db, std::string("SELECT ") + kServerColumns + " FROM servers ORDER BY name");
    std::vector<ServerRecord> records;
    while (query.executeStep()) {
      auto record = server_from_row(query);
      if (auto found = tags.find(query.getColumn(0).getInt64()); found != tags.end()) {
        record.config.tags = std::move(found->second);
      }
      records.push_back(std::move(record));
    }
    return records;
  });
}

void SqliteStore::record_status(std::string_view server, const StatusUpdate& update) {
  const auto now = sql::to_ms(clock_.now());
  write("record_status", [&](SQLite::Database& db) {
    const auto id = require_server(db, "record_status", server);
    SQLite::Statement upsert(
        db,
        "INSERT INTO server_status(server_id, reachable, power_on, power_watts, checked_ms, last_success_ms, "
        "last_error, last_error_ms, unreachable_since_ms, duration_seconds) "
        "VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?6 = '' THEN ?5 END, ?6, CASE WHEN ?6 <> '' THEN ?5 END, "
        "CASE WHEN ?2 THEN NULL ELSE ?5 END, ?7) "
        "ON CONFLICT(server_id) DO UPDATE SET reachable = excluded.reachable, power_on = excluded.power_on, "
        "power_watts = excluded.power_watts, checked_ms = excluded.checked_ms, "
        "last_success_ms = COALESCE(excluded.last_success_ms, last_success_ms), "
        "last_error = CASE WHEN excluded.last_error <> '' THEN excluded.last_error ELSE last_error END, "
        "last_error_ms = COALESCE(excluded.last_error_ms, last_error_ms), "
        "unreachable_since_ms = CASE WHEN excluded.reachable THEN NULL "
        "ELSE COALESCE(unreachable_since_ms, excluded.checked_ms) END, "
        "duration_seconds = excluded.duration_seconds");
    upsert.bind(1, id);
    upsert.bind(2, update.reachable ? 1 : 0);
    sql::bind_bool(upsert, 3, update.power_on);
    sql::bind_double(upsert, 4, update.power_watts);
    upsert.bind(5, now);
    upsert.bind(6, update.error);
    upsert.bind(7, update.duration.count());
    upsert.exec();
  });
}

std::optional<ServerStatus> SqliteStore::status(std::string_view server) {
  return read("status", [&](SQLite::Database& db) -> std::optional<ServerStatus> {
    SQLite::Statement query(db,
                            std::string("SELECT ") + kStatusColumns +
                                " FROM server_status JOIN servers ON servers.id = server_status.server_id "
                                "WHERE servers.name = ?");
    query.bind(1, std::string(server));
    if (!query.executeStep()) {
      return std::nullopt;
    }
    return status_from_row(query, 0);
  });
}

std::map<std::string, ServerStatus> SqliteStore::statuses() {
  return read("statuses", [&](SQLite::Database& db) {
    SQLite::Statement query(db,
                            std::string("SELECT servers.name, ") + kStatusColumns +
                                " FROM server_status JOIN servers ON servers.id = server_status.server_id");
    std::map<std::string, ServerStatus> result;
    while (query.executeStep()) {
      result.emplace(query.getColumn(0).getString(), status_from_row(query, 1));
    }
    return result;
  });
}

}  // namespace dcm::ipmi::store
