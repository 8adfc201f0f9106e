// GPU temperature, power, fan, clock throttle reasons and HBM memory temperature from NVML
// (libnvidia-ml, loaded with dlopen): DCGM_FI_DEV_GPU_TEMP, DCGM_FI_DEV_POWER_USAGE, DCGM_FI_DEV_FAN_SPEED,
// DCGM_FI_DEV_CLOCKS_THROTTLE_REASON, DCGM_FI_DEV_VRAM_TEMP (HBM parts only; GDDR6X boards get it from
// PCIe BAR0), and dc_exporter_gpu_errors_total{collector="nvml"}. See docs/nvml.md.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "exporter/collector.hpp"
#include "exporter/collector_context.hpp"
#include "exporter/nvml/nvml_api.hpp"

namespace dcm::exporter::collectors {

// One bit of the clocks event (throttle) reason mask and the `reason` label value dashboards query.
struct ThrottleReason {
  unsigned long long bit;
  std::string_view name;
};
// GpuIdle (0x1) ... DisplayClockSetting (0x100), in bit order.
std::span<const ThrottleReason> throttle_reasons();

// The value of a successful nvmlFieldValue_t as a double; nullopt for an unknown value type.
std::optional<double> field_value_as_double(const nvml::nvmlFieldValue_t& field);

// Library path from context.nvml_library ("" means libnvidia-ml.so.1). NVML is loaded on the first
// collection that has a usable GPU, kept initialised, and reloaded at most once a minute after a failure.
std::shared_ptr<Collector> make_nvml_collector(const CollectorContext& context);

}  // namespace dcm::exporter::collectors
