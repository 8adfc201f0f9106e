// Shared by the store tests: a SqliteStore on a real file in a TempDir, driven by a FakeClock, and
// builders for servers, readings and SEL records.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/sys/clock.hpp"
#include "ipmi/store/sqlite_store.hpp"
#include "tests/support/paths.hpp"

namespace dcm::ipmi::store::testing {

// make<EventFilter>([&](EventFilter& f) { f.server = "a"; }): a record with a few fields set (GCC 12 warns on
// designated initializers that leave fields out).
template <class T, class Set>
T make(Set&& set) {
  T value;
  set(value);
  return value;
}

inline ServerRecord make_server(const std::string& name, const std::string& host = "10.0.0.11") {
  ServerRecord record;
  record.config.name = name;
  record.config.bmc_host = host;
  record.config.user = "admin";
  record.password_encrypted = "enc:" + name;
  return record;
}

inline SensorReading reading(const std::string& name, std::optional<double> value,
                             SensorState state = SensorState::kOk, const std::string& type = "Temperature",
                             const std::string& unit = "C") {
  SensorReading r;
  r.name = name;
  r.type = type;
  r.unit = unit;
  r.value = value;
  r.state = state;
  return r;
}

// An IPMI system event record: 16 bytes as hex, with the record id and the BMC timestamp in their places.
inline std::string sel_raw(std::uint16_t record_id, std::uint32_t timestamp, std::uint8_t sensor_type = 0x0c,
                           std::uint8_t offset = 0x00) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%02x%02x02%02x%02x%02x%02x200004%02x01%02x%02xffff", record_id & 0xff,
                record_id >> 8, timestamp & 0xff, (timestamp >> 8) & 0xff, (timestamp >> 16) & 0xff,
                timestamp >> 24, sensor_type, 0x6f, offset);
  return buffer;
}

inline SelEvent sel_event(std::uint16_t record_id, std::uint32_t bmc_timestamp, Severity severity,
                          std::optional<TimePoint> bmc_time = std::nullopt) {
  SelEvent event;
  event.record_id = std::to_string(record_id);
  event.bmc_time = bmc_time;
  event.sensor_name = "DIMM A1";
  event.sensor_type = "Memory";
  event.event_type = "discrete";
  event.severity = severity;
  event.message = "Correctable ECC";
  event.raw = sel_raw(record_id, bmc_timestamp);
  return event;
}

class StoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> open_store(StoreOptions options = {}) {
    if (options.path.empty()) {
      options.path = dir_ / "data" / std::string(kDatabaseFileName);
    }
    return SqliteStore::open(options, clock_);
  }
  std::filesystem::path db_path() const { return dir_ / "data" / std::string(kDatabaseFileName); }

  test::TempDir dir_;
  core::sys::FakeClock clock_;
};

}  // namespace dcm::ipmi::store::testing
