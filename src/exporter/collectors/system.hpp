// Host load, CPU and memory from procfs: SYS_LOAD_AVG, SYS_CPU_USAGE, SYS_MEM_USED.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "exporter/collector.hpp"
#include "exporter/collector_context.hpp"

namespace dcm::exporter::collectors {

struct LoadAverage {
  double one = 0, five = 0, fifteen = 0;
};
std::optional<LoadAverage> parse_loadavg(std::string_view text);

// The aggregate "cpu" line of /proc/stat, in clock ticks.
struct CpuTimes {
  std::uint64_t busy = 0;   // user+nice+system+irq+softirq+steal (guest time is already inside user/nice)
  std::uint64_t total = 0;  // busy + idle + iowait
};
std::optional<CpuTimes> parse_cpu_times(std::string_view proc_stat);
// Busy percent between two readings; nullopt when no ticks passed or the counters went backwards.
std::optional<double> cpu_usage_percent(const CpuTimes& before, const CpuTimes& after);

// Used percent of MemTotal, with MemAvailable (or, on kernels before 3.14, MemFree+Buffers+Cached).
std::optional<double> parse_memory_used_percent(std::string_view meminfo);

std::shared_ptr<Collector> make_system_collector(const CollectorContext& context);

}  // namespace dcm::exporter::collectors
