// Every metric dc-exporter can export from its config sections: the names config.ini may list, their HELP
// text and type. Collectors take HELP and type from here so that the config, the exposition and
// docs/metrics.md agree.
#pragma once

#include <span>
#include <string_view>

#include "core/metrics/family.hpp"

namespace dcm::exporter {

enum class Section { kGpu, kSystem, kIpmi };

struct MetricInfo {
  std::string_view name;
  Section section;
  core::metrics::MetricType type;
  std::string_view help;
};

namespace metric {
inline constexpr std::string_view kVramTemp = "DCGM_FI_DEV_VRAM_TEMP";
inline constexpr std::string_view kHotSpotTemp = "DCGM_FI_DEV_HOT_SPOT_TEMP";
inline constexpr std::string_view kFanSpeed = "DCGM_FI_DEV_FAN_SPEED";
inline constexpr std::string_view kThrottleReason = "DCGM_FI_DEV_CLOCKS_THROTTLE_REASON";
inline constexpr std::string_view kAerTotalErrors = "GPU_AER_TOTAL_ERRORS";
inline constexpr std::string_view kAerErrorState = "GPU_AER_ERROR_STATE";
inline constexpr std::string_view kGpuTemp = "DCGM_FI_DEV_GPU_TEMP";
inline constexpr std::string_view kPowerUsage = "DCGM_FI_DEV_POWER_USAGE";
inline constexpr std::string_view kLoadAvg = "SYS_LOAD_AVG";
inline constexpr std::string_view kCpuUsage = "SYS_CPU_USAGE";
inline constexpr std::string_view kMemUsed = "SYS_MEM_USED";
inline constexpr std::string_view kInletTemp = "IPMI_INLET_TEMP";
inline constexpr std::string_view kExhaustTemp = "IPMI_EXHAUST_TEMP";
}  // namespace metric

std::span<const MetricInfo> metric_catalog();
// The catalogue entry for name; throws std::out_of_range for a name not in the catalogue.
const MetricInfo& metric_info(std::string_view name);
std::string_view section_name(Section section);

}  // namespace dcm::exporter
