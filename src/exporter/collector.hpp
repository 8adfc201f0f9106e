// The one interface every dc-exporter source implements (node_exporter's Collector). A collector reads its
// source and adds families to a MetricSet; it never serves HTTP and never sees other collectors' output.
#pragma once

#include <string>
#include <string_view>

#include "core/metrics/family.hpp"

namespace dcm::exporter {

// How a collection went. `ok` false means the source failed as a whole (dc_exporter_collector_success 0);
// a single bad GPU or sensor is not a failure of the collector: it is skipped, counted and logged once.
struct CollectStatus {
  bool ok = true;
  std::string error;  // one line, names the device or file; empty when ok
  // The source is not on this machine at all (no BMC device, no NVML library): still `ok` false in the
  // metrics, but an expected state, logged once at info level instead of as a warning.
  bool absent = false;

  static CollectStatus success() { return {}; }
  static CollectStatus failure(std::string error) { return {false, std::move(error), false}; }
  static CollectStatus unavailable(std::string reason) { return {false, std::move(reason), true}; }
};

class Collector {
 public:
  virtual ~Collector() = default;
  virtual std::string_view name() const = 0;
  // Called from the collector's own thread, never concurrently with itself.
  virtual CollectStatus collect(core::metrics::MetricSet& out) = 0;
};

}  // namespace dcm::exporter
