// SqliteStore: the retention job. Raw sensor samples older than the raw retention are folded into 5-minute
// rollups (min/max/sum/count) and deleted; rollups, events, resolved alerts, audit entries and expired
// sessions past their retention are deleted. Work is cut into write transactions of about
// RetentionPolicy::batch_rows rows, and the writer is released between them so collection keeps storing.
#include <algorithm>

#include "ipmi/store/sql_values.hpp"
#include "ipmi/store/sqlite_store.hpp"

namespace dcm::ipmi::store {
namespace {

constexpr std::int64_t kBucketMs = 5 * 60 * 1000;

std::int64_t hours_ms(std::chrono::hours hours) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(hours).count();
}

}  // namespace

RetentionReport SqliteStore::enforce_retention(TimePoint now) {
  const auto& policy = options_.retention;
  const auto now_ms = sql::to_ms(now);
  // Only whole buckets are rolled up: the cutoff is rounded down to a bucket boundary, so a bucket's raw
  // samples are folded in one go and raw samples never share a bucket with a rollup.
  const auto raw_cutoff = policy.raw.count() > 0
                              ? std::optional((now_ms - hours_ms(policy.raw)) / kBucketMs * kBucketMs)
                              : std::nullopt;
  const auto rollup_cutoff =
      policy.rollups.count() > 0 ? std::optional(now_ms - hours_ms(policy.rollups)) : std::nullopt;

  RetentionReport report = roll_up_sensors(raw_cutoff.value_or(-1), rollup_cutoff.value_or(-1));
  if (policy.events.count() > 0) {
    report.events_deleted = delete_in_batches(
        "enforce_retention(events)",
        "DELETE FROM sel_events WHERE id IN (SELECT id FROM sel_events WHERE received_ms < ?1 LIMIT ?2)",
        now_ms - hours_ms(policy.events), report);
  }
  if (policy.resolved_alerts.count() > 0) {
    report.alerts_deleted = delete_in_batches("enforce_retention(alerts)",
                                              "DELETE FROM alerts WHERE id IN (SELECT id FROM alerts WHERE "
                                              "state = 'resolved' AND resolved_ms < ?1 LIMIT ?2)",
                                              now_ms - hours_ms(policy.resolved_alerts), report);
  }
  if (policy.audit.count() > 0) {
    report.audit_deleted = delete_in_batches(
        "enforce_retention(audit)",
        "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE time_ms < ?1 LIMIT ?2)",
        now_ms - hours_ms(policy.audit), report);
  }
  report.sessions_deleted =
      delete_in_batches("enforce_retention(sessions)",
                        "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM "
                        "sessions WHERE expires_ms <= ?1 LIMIT ?2)",
                        now_ms, report);
  return report;
}

// raw_cutoff_ms / rollup_cutoff_ms: negative means "keep for ever".
RetentionReport SqliteStore::roll_up_sensors(std::int64_t raw_cutoff_ms, std::int64_t rollup_cutoff_ms) {
  RetentionReport report;
  const auto sensor_ids = read("enforce_retention(sensors)", [](SQLite::Database& db) {
    SQLite::Statement query(db, "SELECT id FROM sensors ORDER BY id");
    std::vector<std::int64_t> ids;
    while (query.executeStep()) {
      ids.push_back(query.getColumn(0).getInt64());
    }
    return ids;
  });
  const std::size_t batch = std::max<std::size_t>(1, options_.retention.batch_rows);
  std::size_t next = 0;
  while (next < sensor_ids.size()) {
    write("enforce_retention(sensors)", [&](SQLite::Database& db) {
      SQLite::Statement roll_up(
          db,
          "INSERT INTO sensor_rollup_5m(sensor_id, bucket_ms, min, max, sum, samples) "
          "SELECT sensor_id, time_ms - time_ms % ?3, min(value), max(value), sum(value), count(*) "
          "FROM sensor_history WHERE sensor_id = ?1 AND time_ms < ?2 GROUP BY 2 "
          "ON CONFLICT(sensor_id, bucket_ms) DO UPDATE SET min = min(sensor_rollup_5m.min, excluded.min), "
          "max = max(sensor_rollup_5m.max, excluded.max), sum = sensor_rollup_5m.sum + excluded.sum, "
          "samples = sensor_rollup_5m.samples + excluded.samples");
      SQLite::Statement delete_raw(db, "DELETE FROM sensor_history WHERE sensor_id = ? AND time_ms < ?");
      SQLite::Statement delete_rollups(db,
                                       "DELETE FROM sensor_rollup_5m WHERE sensor_id = ? AND bucket_ms < ?");
      SQLite::Statement delete_orphan(db,
                                      "DELETE FROM sensors WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM "
                                      "sensor_latest WHERE sensor_id = ?1) "
                                      "AND NOT EXISTS (SELECT 1 FROM sensor_history WHERE sensor_id = ?1) "
                                      "AND NOT EXISTS (SELECT 1 FROM sensor_rollup_5m WHERE sensor_id = ?1)");
      std::size_t rows = 0;
      while (next < sensor_ids.size() && rows < batch) {
        const auto id = sensor_ids[next++];
        ++rows;  // every sensor costs a few probes: a batch never visits more than `batch` sensors
        if (raw_cutoff_ms >= 0) {
          roll_up.bind(1, id);
          roll_up.bind(2, raw_cutoff_ms);
          roll_up.bind(3, kBucketMs);
          roll_up.exec();
          roll_up.reset();
          delete_raw.bind(1, id);
          delete_raw.bind(2, raw_cutoff_ms);
          const auto rolled = static_cast<std::size_t>(delete_raw.exec());
          delete_raw.reset();
          report.samples_rolled_up += rolled;
          rows += rolled;
        }
        if (rollup_cutoff_ms >= 0) {
          delete_rollups.bind(1, id);
          delete_rollups.bind(2, rollup_cutoff_ms);
          const auto deleted = static_cast<std::size_t>(delete_rollups.exec());
          delete_rollups.reset();
          report.rollups_deleted += deleted;
          rows += deleted;
        }
        delete_orphan.bind(1, id);
        report.sensors_deleted += static_cast<std::uint64_t>(delete_orphan.exec());
        delete_orphan.reset();
      }
    });
    ++report.transactions;
  }
  return report;
}

std::uint64_t SqliteStore::delete_in_batches(std::string_view operation, const std::string& sql,
                                             std::int64_t cutoff_ms, RetentionReport& report) {
  const auto batch = static_cast<std::int64_t>(std::max<std::size_t>(1, options_.retention.batch_rows));
  std::uint64_t total = 0;
  while (true) {
    const auto deleted = write(operation, [&](SQLite::Database& db) {
      SQLite::Statement remove(db, sql);
      remove.bind(1, cutoff_ms);
      remove.bind(2, batch);
      return remove.exec();
    });
    ++report.transactions;
    total += static_cast<std::uint64_t>(deleted);
    if (deleted < batch) {
      return total;
    }
  }
}

}  // namespace dcm::ipmi::store
