// SqliteStore: latest sensor readings, raw history and the history query (raw + 5-minute rollups).
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "ipmi/store/sql_values.hpp"
#include "ipmi/store/sqlite_store.hpp"

namespace dcm::ipmi::store {
namespace {

struct KnownSensor {
  std::int64_t id;
  std::string type;
  std::string unit;
};

// The statements one sweep uses, prepared once per transaction and reused for every server and sensor.
class SensorWriter {
 public:
  explicit SensorWriter(SQLite::Database& db)
      : known_(db, "SELECT id, name, type, unit FROM sensors WHERE server_id = ?"),
        insert_sensor_(db, "INSERT INTO sensors(server_id, name, type, unit) VALUES (?, ?, ?, ?)"),
        update_sensor_(db, "UPDATE sensors SET type = ?, unit = ? WHERE id = ?"),
        latest_(
            db,
            "INSERT INTO sensor_latest(sensor_id, server_id, time_ms, value, state) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(sensor_id) DO UPDATE SET time_ms = excluded.time_ms, value = excluded.value, "
            "state = excluded.state"),
        history_(db, "INSERT OR REPLACE INTO sensor_history(sensor_id, time_ms, value) VALUES (?, ?, ?)"),
        stale_(db, "DELETE FROM sensor_latest WHERE server_id = ? AND time_ms <> ?"),
        db_(db) {}

  void store(std::int64_t server_id, TimePoint time, const std::vector<SensorReading>& readings) {
    const auto time_ms = sql::to_ms(time);
    auto sensors = load(server_id);
    for (const auto& reading : readings) {
      const auto sensor_id = sensor_for(server_id, reading, sensors);
      // NaN and infinities are "no reading": SQLite cannot keep NaN and a chart cannot draw either.
      std::optional<double> value;
      if (reading.value && std::isfinite(*reading.value)) {
        value = reading.value;
      }
      latest_.bind(1, sensor_id);
      latest_.bind(2, server_id);
      latest_.bind(3, time_ms);
      sql::bind_double(latest_, 4, value);
      latest_.bind(5, static_cast<int>(reading.state));
      latest_.exec();
      latest_.reset();
      if (value) {
        history_.bind(1, sensor_id);
        history_.bind(2, time_ms);
        history_.bind(3, *value);
        history_.exec();
        history_.reset();
      }
    }
    stale_.bind(1, server_id);
    stale_.bind(2, time_ms);
    stale_.exec();
    stale_.reset();
  }

 private:
  std::unordered_map<std::string, KnownSensor> load(std::int64_t server_id) {
    std::unordered_map<std::string, KnownSensor> sensors;
    known_.bind(1, server_id);
    while (known_.executeStep()) {
      sensors.emplace(known_.getColumn(1).getString(),
                      KnownSensor{known_.getColumn(0).getInt64(), known_.getColumn(2).getString(),
                                  known_.getColumn(3).getString()});
    }
    known_.reset();
    return sensors;
  }

  std::int64_t sensor_for(std::int64_t server_id, const SensorReading& reading,
                          std::unordered_map<std::string, KnownSensor>& sensors) {
    auto found = sensors.find(reading.name);
    if (found == sensors.end()) {
      insert_sensor_.bind(1, server_id);
      insert_sensor_.bind(2, reading.name);
      insert_sensor_.bind(3, reading.type);
      insert_sensor_.bind(4, reading.unit);
      insert_sensor_.exec();
      insert_sensor_.reset();
      const auto id = db_.getLastInsertRowid();
      sensors.emplace(reading.name, KnownSensor{id, reading.type, reading.unit});
      return id;
    }
    if (found->second.type != reading.type || found->second.unit != reading.unit) {
      update_sensor_.bind(1, reading.type);
      update_sensor_.bind(2, reading.unit);
      update_sensor_.bind(3, found->second.id);
      update_sensor_.exec();
      update_sensor_.reset();
      found->second.type = reading.type;
      found->second.unit = reading.unit;
    }
    return found->second.id;
  }

  SQLite::Statement known_, insert_sensor_, update_sensor_, latest_, history_, stale_;
  SQLite::Database& db_;
};

LatestReading latest_from_row(SQLite::Statement& row, int first) {
  LatestReading latest;
  latest.reading.name = row.getColumn(first).getString();
  latest.reading.type = row.getColumn(first + 1).getString();
  latest.reading.unit = row.getColumn(first + 2).getString();
  latest.reading.value = sql::optional_double(row.getColumn(first + 3));
  latest.reading.state = sql::sensor_state_from(row.getColumn(first + 4).getInt());
  latest.time = sql::from_ms(row.getColumn(first + 5).getInt64());
  return latest;
}

constexpr const char* kLatestColumns =
    "sensors.name, sensors.type, sensors.unit, sensor_latest.value, sensor_latest.state, "
    "sensor_latest.time_ms";

}  // namespace

void SqliteStore::record_sensors(std::string_view server, TimePoint time,
                                 const std::vector<SensorReading>& readings) {
  write("record_sensors", [&](SQLite::Database& db) {
    const auto id = require_server(db, "record_sensors", server);
    SensorWriter(db).store(id, time, readings);
  });
}

std::size_t SqliteStore::record_sensor_sweep(std::span<const SensorSample> samples) {
  const std::size_t per_transaction = std::max<std::size_t>(1, options_.sweep_servers_per_transaction);
  std::size_t stored = 0;
  for (std::size_t begin = 0; begin < samples.size(); begin += per_transaction) {
    const auto chunk = samples.subspan(begin, std::min(per_transaction, samples.size() - begin));
    stored += write("record_sensor_sweep", [&](SQLite::Database& db) {
      SensorWriter writer(db);
      std::size_t count = 0;
      for (const auto& sample : chunk) {
        if (const auto id = sql::find_server_id(db, sample.server)) {
          writer.store(*id, sample.time, sample.readings);
          ++count;
        }
      }
      return count;
    });
  }
  return stored;
}

std::vector<LatestReading> SqliteStore::latest_sensors(std::string_view server) {
  return read("latest_sensors", [&](SQLite::Database& db) {
    SQLite::Statement query(db,
                            std::string("SELECT ") + kLatestColumns +
                                " FROM sensor_latest JOIN sensors ON sensors.id = sensor_latest.sensor_id "
                                "JOIN servers ON servers.id = sensor_latest.server_id "
                                "WHERE servers.name = ? ORDER BY sensors.name");
    query.bind(1, std::string(server));
    std::vector<LatestReading> result;
    while (query.executeStep()) {
      result.push_back(latest_from_row(query, 0));
    }
    return result;
  });
}

std::map<std::string, std::vector<LatestReading>> SqliteStore::all_latest_sensors() {
  return read("all_latest_sensors", [&](SQLite::Database& db) {
    SQLite::Statement query(db,
                            std::string("SELECT servers.name, ") + kLatestColumns +
                                " FROM sensor_latest JOIN sensors ON sensors.id = sensor_latest.sensor_id "
                                "JOIN servers ON servers.id = sensor_latest.server_id "
                                "ORDER BY servers.name, sensors.name");
    std::map<std::string, std::vector<LatestReading>> result;
    while (query.executeStep()) {
      result[query.getColumn(0).getString()].push_back(latest_from_row(query, 1));
    }
    return result;
  });
}

std::vector<HistoryPoint> SqliteStore::sensor_history(std::string_view server, std::string_view sensor,
                                                      TimePoint from, TimePoint to) {
  return read("sensor_history", [&](SQLite::Database& db) {
    // Raw samples and rollups never cover the same 5 minutes: retention folds a bucket's raw samples into
    // its rollup and deletes them in one transaction. So the union, in time order, is the series.
    SQLite::Statement query(
        db,
        "WITH target AS (SELECT sensors.id FROM sensors JOIN servers ON servers.id = sensors.server_id "
        "WHERE servers.name = ?1 AND sensors.name = ?2) "
        "SELECT bucket_ms, min, sum / samples, max, samples, 1 FROM sensor_rollup_5m "
        "WHERE sensor_id = (SELECT id FROM target) AND bucket_ms BETWEEN ?3 AND ?4 "
        "UNION ALL "
        "SELECT time_ms, value, value, value, 1, 0 FROM sensor_history "
        "WHERE sensor_id = (SELECT id FROM target) AND time_ms BETWEEN ?3 AND ?4 "
        "ORDER BY 1");
    query.bind(1, std::string(server));
    query.bind(2, std::string(sensor));
    query.bind(3, sql::to_ms(from));
    query.bind(4, sql::to_ms(to));
    std::vector<HistoryPoint> points;
    while (query.executeStep()) {
      HistoryPoint point;
      point.time = sql::from_ms(query.getColumn(0).getInt64());
      point.min = query.getColumn(1).getDouble();
      point.avg = query.getColumn(2).getDouble();
      point.max = query.getColumn(3).getDouble();
      point.samples = static_cast<std::uint32_t>(query.getColumn(4).getInt64());
      point.rollup = query.getColumn(5).getInt() != 0;
      points.push_back(point);
    }
    return points;
  });
}

}  // namespace dcm::ipmi::store
