// SqliteStore: users, sessions, API tokens and the audit log. Only hashes of tokens are stored.
#include "ipmi/store/sql_values.hpp"
#include "ipmi/store/sqlite_store.hpp"

namespace dcm::ipmi::store {
namespace {

// "Last seen / last used" is refreshed at most this often, so reading pages does not mean a write each time.
constexpr std::int64_t kTouchIntervalMs = 60'000;

constexpr const char* kUserColumns = "id, name, password_hash, role, disabled, created_ms, last_login_ms";

UserRecord user_from_row(SQLite::Statement& row, int first) {
  UserRecord user;
  user.id = row.getColumn(first).getInt64();
  user.name = row.getColumn(first + 1).getString();
  user.password_hash = row.getColumn(first + 2).getString();
  user.role = parse_role(row.getColumn(first + 3).getString()).value_or(Role::kViewer);
  user.disabled = row.getColumn(first + 4).getInt() != 0;
  user.created = sql::from_ms(row.getColumn(first + 5).getInt64());
  user.last_login = sql::optional_time(row.getColumn(first + 6));
  return user;
}

std::size_t end_sessions(SQLite::Database& db, std::int64_t user_id) {
  SQLite::Statement remove(db, "DELETE FROM sessions WHERE user_id = ?");
  remove.bind(1, user_id);
  return static_cast<std::size_t>(remove.exec());
}

ApiTokenRecord token_from_row(SQLite::Statement& row) {
  ApiTokenRecord token;
  token.id = row.getColumn(0).getInt64();
  token.name = row.getColumn(1).getString();
  token.role = parse_role(row.getColumn(2).getString()).value_or(Role::kViewer);
  token.created_by = row.getColumn(3).getString();
  token.created = sql::from_ms(row.getColumn(4).getInt64());
  token.last_used = sql::optional_time(row.getColumn(5));
  return token;
}

}  // namespace

std::optional<std::int64_t> SqliteStore::create_user(std::string_view name, std::string_view password_hash,
                                                     Role role) {
  const auto now = sql::to_ms(clock_.now());
  return write("create_user", [&](SQLite::Database& db) -> std::optional<std::int64_t> {
    SQLite::Statement exists(db, "SELECT 1 FROM users WHERE name = ?");  // the column is COLLATE NOCASE
    exists.bind(1, std::string(name));
    if (exists.executeStep()) {
      return std::nullopt;
    }
    SQLite::Statement insert(db,
                             "INSERT INTO users(name, password_hash, role, created_ms, updated_ms) "
                             "VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, std::string(name));
    insert.bind(2, std::string(password_hash));
    insert.bind(3, std::string(to_string(role)));
    insert.bind(4, now);
    insert.bind(5, now);
    insert.exec();
    return db.getLastInsertRowid();
  });
}

std::optional<UserRecord> SqliteStore::user(std::string_view name) {
  return read("user", [&](SQLite::Database& db) -> std::optional<UserRecord> {
    SQLite::Statement query(db, std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?");
    query.bind(1, std::string(name));
    if (!query.executeStep()) {
      return std::nullopt;
    }
    return user_from_row(query, 0);
  });
}

std::optional<UserRecord> SqliteStore::user_by_id(std::int64_t id) {
  return read("user_by_id", [&](SQLite::Database& db) -> std::optional<UserRecord> {
    SQLite::Statement query(db, std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) {
      return std::nullopt;
    }
    return user_from_row(query, 0);
  });
}

std::vector<UserRecord> SqliteStore::users() {
  return read("users", [&](SQLite::Database& db) {
    SQLite::Statement query(db, std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name");
    std::vector<UserRecord> result;
    while (query.executeStep()) {
      result.push_back(user_from_row(query, 0));
    }
    return result;
  });
}

std::size_t SqliteStore::count_users(std::optional<Role> role, bool enabled_only) {
  return read("count_users", [&](SQLite::Database& db) {
    std::string sql = "SELECT count(*) FROM users WHERE 1";
    if (role) {
      sql += " AND role = :role";
    }
    if (enabled_only) {
      sql += " AND disabled = 0";
    }
    SQLite::Statement query(db, sql);
    if (role) {
      query.bind(":role", std::string(to_string(*role)));
    }
    query.executeStep();
    return static_cast<std::size_t>(query.getColumn(0).getInt64());
  });
}

bool SqliteStore::set_user_password(std::int64_t id, std::string_view password_hash) {
  const auto now = sql::to_ms(clock_.now());
  return write("set_user_password", [&](SQLite::Database& db) {
    SQLite::Statement update(db, "UPDATE users SET password_hash = ?, updated_ms = ? WHERE id = ?");
    update.bind(1, std::string(password_hash));
    update.bind(2, now);
    update.bind(3, id);
    if (update.exec() == 0) {
      return false;
    }
    end_sessions(db, id);
    return true;
  });
}

bool SqliteStore::set_user_role(std::int64_t id, Role role) {
  const auto now = sql::to_ms(clock_.now());
  return write("set_user_role", [&](SQLite::Database& db) {
    SQLite::Statement update(db, "UPDATE users SET role = ?, updated_ms = ? WHERE id = ?");
    update.bind(1, std::string(to_string(role)));
    update.bind(2, now);
    update.bind(3, id);
    return update.exec() > 0;
  });
}

bool SqliteStore::set_user_disabled(std::int64_t id, bool disabled) {
  const auto now = sql::to_ms(clock_.now());
  return write("set_user_disabled", [&](SQLite::Database& db) {
    SQLite::Statement update(db, "UPDATE users SET disabled = ?, updated_ms = ? WHERE id = ?");
    update.bind(1, disabled ? 1 : 0);
    update.bind(2, now);
    update.bind(3, id);
    if (update.exec() == 0) {
      return false;
    }
    if (disabled) {
      end_sessions(db, id);
    }
    return true;
  });
}

bool SqliteStore::delete_user(std::int64_t id) {
  return write("delete_user", [&](SQLite::Database& db) {
    SQLite::Statement remove(db, "DELETE FROM users WHERE id = ?");
    remove.bind(1, id);
    return remove.exec() > 0;
  });
}

void SqliteStore::record_login(std::int64_t id) {
  const auto now = sql::to_ms(clock_.now());
  write("record_login", [&](SQLite::Database& db) {
    SQLite::Statement update(db, "UPDATE users SET last_login_ms = ? WHERE id = ?");
    update.bind(1, now);
    update.bind(2, id);
    update.exec();
  });
}

void SqliteStore::create_session(const NewSession& session) {
  const auto now = sql::to_ms(clock_.now());
  write("create_session", [&](SQLite::Database& db) {
    SQLite::Statement insert(db,
                             "INSERT INTO sessions(token_hash, user_id, csrf_hash, created_ms, expires_ms, "
                             "last_seen_ms, client_address) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, session.token_hash);
    insert.bind(2, session.user_id);
    insert.bind(3, session.csrf_hash);
    insert.bind(4, now);
    insert.bind(5, sql::to_ms(session.expires));
    insert.bind(6, now);
    insert.bind(7, session.client_address);
    insert.exec();
  });
}

std::optional<SessionRecord> SqliteStore::find_session(std::string_view token_hash) {
  const auto now = sql::to_ms(clock_.now());
  return read("find_session", [&](SQLite::Database& db) -> std::optional<SessionRecord> {
    SQLite::Statement query(
        db,
        "SELECT s.token_hash, s.csrf_hash, s.created_ms, s.expires_ms, s.last_seen_ms, s.client_address, "
        "u.id, u.name, u.password_hash, u.role, u.disabled, u.created_ms, u.last_login_ms "
        "FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = ? AND s.expires_ms > ? AND u.disabled = 0");
    query.bind(1, std::string(token_hash));
    query.bind(2, now);
    if (!query.executeStep()) {
      return std::nullopt;
    }
    SessionRecord session;
    session.token_hash = query.getColumn(0).getString();
    session.csrf_hash = query.getColumn(1).getString();
    session.created = sql::from_ms(query.getColumn(2).getInt64());
    session.expires = sql::from_ms(query.getColumn(3).getInt64());
    session.last_seen = sql::from_ms(query.getColumn(4).getInt64());
    session.client_address = query.getColumn(5).getString();
    session.user = user_from_row(query, 6);
    return session;
  });
}

void SqliteStore::touch_session(std::string_view token_hash, TimePoint expires) {
  const auto now = sql::to_ms(clock_.now());
  const auto expires_ms = sql::to_ms(expires);
  write("touch_session", [&](SQLite::Database& db) {
    // At most one write a minute per session, unless the expiry moves earlier.
    SQLite::Statement update(db,
                             "UPDATE sessions SET last_seen_ms = ?1, expires_ms = ?2 WHERE token_hash = ?3 "
                             "AND (last_seen_ms <= ?1 - ?4 OR expires_ms > ?2)");
    update.bind(1, now);
    update.bind(2, expires_ms);
    update.bind(3, std::string(token_hash));
    update.bind(4, kTouchIntervalMs);
    update.exec();
  });
}

bool SqliteStore::delete_session(std::string_view token_hash) {
  return write("delete_session", [&](SQLite::Database& db) {
    SQLite::Statement remove(db, "DELETE FROM sessions WHERE token_hash = ?");
    remove.bind(1, std::string(token_hash));
    return remove.exec() > 0;
  });
}

std::size_t SqliteStore::delete_user_sessions(std::int64_t user_id) {
  return write("delete_user_sessions", [&](SQLite::Database& db) { return end_sessions(db, user_id); });
}

std::int64_t SqliteStore::create_api_token(std::string_view token_hash, std::string_view name, Role role,
                                           std::string_view created_by) {
  const auto now = sql::to_ms(clock_.now());
  return write("create_api_token", [&](SQLite::Database& db) {
    SQLite::Statement insert(db,
                             "INSERT INTO api_tokens(token_hash, name, role, created_by, created_ms) "
                             "VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, std::string(token_hash));
    insert.bind(2, std::string(name));
    insert.bind(3, std::string(to_string(role)));
    insert.bind(4, std::string(created_by));
    insert.bind(5, now);
    insert.exec();
    return db.getLastInsertRowid();
  });
}

std::optional<ApiTokenRecord> SqliteStore::use_api_token(std::string_view token_hash) {
  const auto now = sql::to_ms(clock_.now());
  auto token = read("use_api_token", [&](SQLite::Database& db) -> std::optional<ApiTokenRecord> {
    SQLite::Statement query(db,
                            "SELECT id, name, role, created_by, created_ms, last_used_ms FROM api_tokens "
                            "WHERE token_hash = ?");
    query.bind(1, std::string(token_hash));
    if (!query.executeStep()) {
      return std::nullopt;
    }
    return token_from_row(query);
  });
  if (token && (!token->last_used || sql::to_ms(*token->last_used) <= now - kTouchIntervalMs)) {
    write("use_api_token", [&](SQLite::Database& db) {
      SQLite::Statement update(db, "UPDATE api_tokens SET last_used_ms = ? WHERE id = ?");
      update.bind(1, now);
      update.bind(2, token->id);
      update.exec();
    });
    token->last_used = sql::from_ms(now);
  }
  return token;
}

std::vector<ApiTokenRecord> SqliteStore::api_tokens() {
  return read("api_tokens", [&](SQLite::Database& db) {
    SQLite::Statement query(db,
                            "SELECT id, name, role, created_by, created_ms, last_used_ms FROM api_tokens "
                            "ORDER BY name, id");
    std::vector<ApiTokenRecord> result;
    while (query.executeStep()) {
      result.push_back(token_from_row(query));
    }
    return result;
  });
}

bool SqliteStore::delete_api_token(std::int64_t id) {
  return write("delete_api_token", [&](SQLite::Database& db) {
    SQLite::Statement remove(db, "DELETE FROM api_tokens WHERE id = ?");
    remove.bind(1, id);
    return remove.exec() > 0;
  });
}

void SqliteStore::audit(const AuditEntry& entry) {
  const auto now = sql::to_ms(clock_.now());
  write("audit", [&](SQLite::Database& db) {
    SQLite::Statement insert(db,
                             "INSERT INTO audit_log(time_ms, actor, action, target, client_address, detail) "
                             "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, now);
    insert.bind(2, entry.actor);
    insert.bind(3, entry.action);
    insert.bind(4, entry.target);
    insert.bind(5, entry.client_address);
    insert.bind(6, entry.detail);
    insert.exec();
  });
}

std::vector<AuditRecord> SqliteStore::audit_log(std::size_t limit, std::size_t offset) {
  return read("audit_log", [&](SQLite::Database& db) {
    SQLite::Statement query(
        db,
        "SELECT id, time_ms, actor, action, target, client_address, detail FROM audit_log "
        "ORDER BY id DESC LIMIT ? OFFSET ?");
    query.bind(1, static_cast<std::int64_t>(limit));
    query.bind(2, static_cast<std::int64_t>(offset));
    std::vector<AuditRecord> result;
    while (query.executeStep()) {
      AuditRecord record;
      record.id = query.getColumn(0).getInt64();
      record.time = sql::from_ms(query.getColumn(1).getInt64());
      record.entry = AuditEntry{query.getColumn(2).getString(), query.getColumn(3).getString(),
                                query.getColumn(4).getString(), query.getColumn(5).getString(),
                                query.getColumn(6).getString()};
      result.push_back(std::move(record));
    }
    return result;
  });
}

}  // namespace dcm::ipmi::store
