// PCIe Advanced Error Reporting counters of each GPU, from the kernel's per-device AER statistics in sysfs
// (<sysfs>/bus/pci/devices/<bdf>/aer_dev_{correctable,nonfatal,fatal}, kernel 4.19+ with AER enabled):
//   GPU_AER_TOTAL_ERRORS{severity="correctable|nonfatal|fatal"}  the TOTAL_ERR_* counters, since boot
//   GPU_AER_ERROR_STATE  2 non-fatal or fatal errors rose within the window, 1 correctable errors rose within
//                        the window, 0 neither.
// The window is kAerWindow (5 minutes). The first observation compares against zero, so errors already
// counted when dc-exporter starts count as recent for one window. Details: docs/pcie-bar.md ("AER").
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/collector.hpp"
#include "exporter/collector_context.hpp"

namespace dcm::exporter::collectors {

inline constexpr std::chrono::minutes kAerWindow{5};

// One aer_dev_* file: "Name count" lines (names may contain spaces on older kernels, "Receiver Error 2";
// unnamed bits appear as "dev_cor_errs_bit[N] count"), ending with "TOTAL_ERR_COR|NONFATAL|FATAL count".
struct AerCounters {
  std::vector<std::pair<std::string, std::uint64_t>> by_type;  // the per-type lines, in file order
  std::string total_name;                                      // "TOTAL_ERR_COR"
  std::uint64_t total = 0;
};
// nullopt unless every non-blank line is "Name count" with a decimal count and exactly one TOTAL_ERR_* line.
std::optional<AerCounters> parse_aer_counters(std::string_view text);

struct AerTotals {
  std::uint64_t correctable = 0;
  std::uint64_t nonfatal = 0;
  std::uint64_t fatal = 0;
  bool operator==(const AerTotals&) const = default;
};

// The state encoding of GPU_AER_ERROR_STATE from the totals at the start of the window and now.
int aer_error_state(const AerTotals& window_start, const AerTotals& now);

// One GPU's totals over the last window, kept as change points (a few entries, not one per interval).
class AerHistory {
 public:
  explicit AerHistory(std::chrono::steady_clock::duration window = kAerWindow) : window_(window) {}

  // Records the totals seen at `now` and returns the totals as they were at the start of the window
  // (now - window). The first observation starts from a zero baseline; so does one where a total went down
  // (the device was reset or re-enumerated and the kernel started counting again).
  AerTotals observe(std::chrono::steady_clock::time_point now, const AerTotals& totals);

 private:
  struct Point {
    std::chrono::steady_clock::time_point at;
    AerTotals totals;
  };
  std::chrono::steady_clock::duration window_;
  std::deque<Point> points_;
};

std::shared_ptr<Collector> make_aer_collector(const CollectorContext& context);

}  // namespace dcm::exporter::collectors
