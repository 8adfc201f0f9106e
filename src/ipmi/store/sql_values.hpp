// Conversions between the store's records and SQLite values, shared by the SqliteStore source files.
// Internal to src/ipmi/store.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <SQLiteCpp/SQLiteCpp.h>

#include "ipmi/model.hpp"

namespace dcm::ipmi::store::sql {

inline std::int64_t to_ms(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

inline TimePoint from_ms(std::int64_t ms) {
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(ms)));
}

inline std::optional<TimePoint> optional_time(const SQLite::Column& column) {
  if (column.isNull()) {
    return std::nullopt;
  }
  return from_ms(column.getInt64());
}

inline void bind_time(SQLite::Statement& statement, int index, std::optional<TimePoint> time) {
  if (time) {
    statement.bind(index, to_ms(*time));
  } else {
    statement.bind(index);
  }
}

inline void bind_double(SQLite::Statement& statement, int index, std::optional<double> value) {
  if (value) {
    statement.bind(index, *value);
  } else {
    statement.bind(index);
  }
}

inline void bind_bool(SQLite::Statement& statement, int index, std::optional<bool> value) {
  if (value) {
    statement.bind(index, *value ? 1 : 0);
  } else {
    statement.bind(index);
  }
}

inline std::optional<double> optional_double(const SQLite::Column& column) {
  if (column.isNull()) {
    return std::nullopt;
  }
  return column.getDouble();
}

inline std::optional<bool> optional_bool(const SQLite::Column& column) {
  if (column.isNull()) {
    return std::nullopt;
  }
  return column.getInt() != 0;
}

inline Severity severity_from(int value) {
  return value >= 2 ? Severity::kCritical : value == 1 ? Severity::kWarning : Severity::kInfo;
}

inline SensorState sensor_state_from(int value) {
  switch (value) {
    case 0:
      return SensorState::kOk;
    case 1:
      return SensorState::kWarning;
    case 2:
      return SensorState::kCritical;
    default:
      return SensorState::kUnknown;
  }
}

}  // namespace dcm::ipmi::store::sql

namespace dcm::ipmi::store::sql {

inline std::optional<std::int64_t> find_server_id(SQLite::Database& db, std::string_view name) {
  SQLite::Statement query(db, "SELECT id FROM servers WHERE name = ?");
  query.bind(1, std::string(name));
  if (!query.executeStep()) {
    return std::nullopt;
  }
  return query.getColumn(0).getInt64();
}

}  // namespace dcm::ipmi::store::sql
