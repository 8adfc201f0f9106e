// The latest result of every collector, and the exposition built from them. Collectors publish into it from
// their threads; /metrics reads it and never waits for hardware. A collector that has been running longer
// than the timeout is reported hung: its series are dropped (stale values are worse than none) and
// dc_exporter_collector_success{collector} is 0 until it returns.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/http/precompressed.hpp"
#include "core/log/logging.hpp"
#include "core/metrics/family.hpp"
#include "core/sys/clock.hpp"
#include "exporter/collector.hpp"

namespace dcm::exporter {

struct CollectorState {
  std::string name;
  bool published = false;  // at least one collection finished
  bool ok = false;
  bool hung = false;
  std::string error;
  double duration_seconds = 0;
};

class SnapshotStore {
 public:
  // `constant` holds series that never change while running (dc_exporter_build_info).
  SnapshotStore(const core::sys::Clock& clock, std::chrono::milliseconds timeout,
                core::metrics::MetricSet constant, core::log::Logger logger);

  void add_collector(const std::string& name);
  void begin(const std::string& name);
  void publish(const std::string& name, core::metrics::MetricSet metrics, CollectStatus status,
               std::chrono::duration<double> took);

  // The full exposition. Cached, with its gzip form: rebuilt only after a publish or while a collector is
  // hung, so scrapes between collections cost a lookup, not a rebuild or a compression.
  core::http::PrecompressedBody render_body();
  std::string render() { return *render_body().plain; }
  std::vector<CollectorState> states();

 private:
  struct Slot {
    core::metrics::MetricSet metrics;
    CollectorState state;
    std::optional<std::chrono::steady_clock::time_point> running_since;
  };
  bool refresh_hung_locked();
  std::string build_locked() const;

  const core::sys::Clock& clock_;
  std::chrono::milliseconds timeout_;
  core::metrics::MetricSet constant_;
  core::log::Logger logger_;
  std::mutex mutex_;
  std::map<std::string, Slot, std::less<>> slots_;
  bool dirty_ = true;
  core::http::PrecompressedBody cached_;
};

}  // namespace dcm::exporter
