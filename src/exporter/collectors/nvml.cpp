#include "exporter/collectors/nvml.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "exporter/gpu/device_table.hpp"
#include "exporter/gpu/gpu_error_tracker.hpp"
#include "exporter/metric_catalog.hpp"
#include "exporter/nvml/nvml_library.hpp"

namespace dcm::exporter::collectors {
namespace {

using core::metrics::MetricSet;
using nvml::NvmlLibrary;
using nvml::nvmlReturn_t;

constexpr std::string_view kDefaultLibrary = "libnvidia-ml.so.1";
constexpr auto kReloadAfter = std::chrono::minutes(1);

constexpr std::array kThrottleReasons{
    ThrottleReason{nvml::nvmlClocksThrottleReasonGpuIdle, "GpuIdle"},
    ThrottleReason{nvml::nvmlClocksThrottleReasonApplicationsClocksSetting, "ApplicationsClocksSetting"},
    ThrottleReason{nvml::nvmlClocksThrottleReasonSwPowerCap, "SwPowerCap"},
    ThrottleReason{nvml::nvmlClocksThrottleReasonHwSlowdown, "HwSlowdown"},
    ThrottleReason{nvml::nvmlClocksThrottleReasonSyncBoost, "SyncBoost"},
    ThrottleReason{nvml::nvmlClocksThrottleReasonSwThermalSlowdown, "SwThermalSlowdown"},
    ThrottleReason{nvml::nvmlClocksThrottleReasonHwThermalSlowdown, "HwThermalSlowdown"},
    ThrottleReason{nvml::nvmlClocksThrottleReasonHwPowerBrakeSlowdown, "HwPowerBrakeSlowdown"},
    ThrottleReason{nvml::nvmlClocksThrottleReasonDisplayClockSetting, "DisplayClockSetting"},
};

// Codes that say NVML as a whole stopped working (driver unloaded or upgraded underneath us), not one GPU.
bool is_library_error(nvmlReturn_t code) {
  return code == nvml::NVML_ERROR_UNINITIALIZED || code == nvml::NVML_ERROR_DRIVER_NOT_LOADED ||
         code == nvml::NVML_ERROR_LIB_RM_VERSION_MISMATCH || code == nvml::NVML_ERROR_LIBRARY_NOT_FOUND;
}

// Which metrics this configuration exports, decided once.
struct Wanted {
  bool gpu_temp = false;
  bool power = false;
  bool fan = false;
  bool throttle = false;
  bool vram_temp = false;
};

struct Failure {
  std::string_view function;
  nvmlReturn_t code = nvml::NVML_SUCCESS;
};

// What one GPU answered; absent values were not asked for or are not supported by the GPU.
struct GpuReading {
  std::optional<double> gpu_temp;
  std::optional<double> power_watts;
  std::optional<double> fan_percent;
  std::optional<unsigned long long> throttle_mask;
  std::optional<double> vram_temp;
  std::optional<Failure> failure;  // the first call that failed; the reading is then void
};

// A value, nothing for NVML_ERROR_NOT_SUPPORTED, or the failure recorded in `reading`.
template <typename T>
std::optional<T> accept(const nvml::Result<T>& result, std::string_view function, GpuReading& reading) {
  if (result.ok()) {
    return result.value;
  }
  if (result.code != nvml::NVML_ERROR_NOT_SUPPORTED) {
    reading.failure = Failure{function, result.code};
  }
  return std::nullopt;
}

// GDDR6X/GDDR6 boards in the device table have their VRAM sensor read from BAR0 by the pcie_bar collector;
// exporting NVML's value too would give one GPU two series. HBM parts and unknown ids are read here.
bool vram_from_nvml(const gpu::GpuDevice& gpu) {
  auto known = gpu::find_device(gpu.device_id);
  return !known || !known->vram_temp_offset;
}

GpuReading read_gpu(const NvmlLibrary& library, const gpu::GpuDevice& gpu, const Wanted& wanted) {
  GpuReading reading;
  auto handle = library.device_by_pci_bus_id(gpu.nvml_bus_id());
  if (!handle.ok()) {
    reading.failure = Failure{"nvmlDeviceGetHandleByPciBusId_v2", handle.code};
    return reading;
  }
  const auto device = handle.value;
  if (wanted.gpu_temp) {
    auto value = accept(library.gpu_temperature_celsius(device), NvmlLibrary::kTemperature, reading);
    reading.gpu_temp = value ? std::optional<double>(*value) : std::nullopt;
  }
  if (wanted.power && !reading.failure) {
    auto value = accept(library.power_usage_milliwatts(device), NvmlLibrary::kPowerUsage, reading);
    reading.power_watts = value ? std::optional<double>(*value / 1000.0) : std::nullopt;
  }
  if (wanted.fan && !reading.failure) {
    auto value = accept(library.fan_speed_percent(device), NvmlLibrary::kFanSpeed, reading);
    reading.fan_percent = value ? std::optional<double>(*value) : std::nullopt;
  }
  if (wanted.throttle && !reading.failure) {
    reading.throttle_mask =
        accept(library.clocks_reasons(device), library.clocks_reasons_function(), reading);
  }
  if (wanted.vram_temp && vram_from_nvml(gpu) && !reading.failure) {
    auto field = accept(library.field_value(device, nvml::NVML_FI_DEV_MEMORY_TEMP), NvmlLibrary::kFieldValues,
                        reading);
    reading.vram_temp = field ? field_value_as_double(*field) : std::nullopt;
  }
  return reading;
}

class NvmlCollector final : public Collector {
 public:
  explicit NvmlCollector(const CollectorContext& context)
      : clock_(context.clock),
        inventory_(context.inventory),
        library_path_(context.nvml_library.empty() ? std::string(kDefaultLibrary) : context.nvml_library),
        logger_(core::log::child(context.logger, "collector=nvml")),
        errors_("nvml", logger_) {
    const auto& config = context.config;
    wanted_ = {config.exports(metric::kGpuTemp), config.exports(metric::kPowerUsage),
               config.exports(metric::kFanSpeed), config.exports(metric::kThrottleReason),
               config.exports(metric::kVramTemp)};
  }

  std::string_view name() const override { return "nvml"; }

  CollectStatus collect(MetricSet& out) override {
    const auto inventory = inventory_.get();
    std::vector<const gpu::GpuDevice*> usable;
    for (const auto& device : inventory->devices) {
      if (device.usable()) {
        usable.push_back(&device);
      }
    }
    if (usable.empty()) {
      return CollectStatus::success();  // nothing for NVML to do: do not even load it
    }
    if (!library_ && !load()) {
      return CollectStatus::failure(load_error_);
    }

    std::vector<std::pair<const gpu::GpuDevice*, GpuReading>> readings;
    for (const auto* gpu : usable) {
      auto reading = read_gpu(*library_, *gpu, wanted_);
      if (reading.failure && is_library_error(reading.failure->code)) {
        return unload(fmt::format("{}: {} on {}: {}", library_path_, reading.failure->function,
                                  gpu->nvml_bus_id(), library_->error_string(reading.failure->code)));
      }
      readings.emplace_back(gpu, std::move(reading));
    }
    for (const auto& [gpu, reading] : readings) {
      const auto bus_id = gpu->nvml_bus_id();
      errors_.seen(bus_id);
      if (reading.failure) {
        errors_.failed(bus_id, gpu->bdf,
                       fmt::format("{}: {}; its NVML series are dropped until it answers again",
                                   reading.failure->function, library_->error_string(reading.failure->code)));
        continue;
      }
      errors_.succeeded(bus_id, gpu->bdf);
      add_series(out, inventory->labels(*gpu), reading);
    }
    errors_.export_to(out);
    return CollectStatus::success();
  }

 private:
  // Loads NVML unless a load failed less than kReloadAfter ago. Logs when the outcome changes.
  bool load() {
    const auto now = clock_.monotonic();
    if (next_load_ && now < *next_load_) {
      return false;
    }
    auto loaded = NvmlLibrary::load(library_path_);
    if (loaded.library) {
      if (auto missing = missing_function(*loaded.library)) {
        loaded.error = fmt::format("{}: symbol {} not found (needed for {}; driver too old?)", library_path_,
                                   missing->first, missing->second);
        loaded.library.reset();
      }
    }
    if (!loaded.library) {
      next_load_ = now + kReloadAfter;
      if (loaded.error != load_error_) {
        logger_->warn("NVML unavailable: {} (retrying at most once a minute)", loaded.error);
        load_error_ = loaded.error;
      }
      return false;
    }
    library_ = std::move(loaded.library);
    logger_->info("NVML loaded from {} (throttle reasons via {})", library_path_,
                  library_->clocks_reasons_function());
    load_error_.clear();
    next_load_.reset();
    return true;
  }

  CollectStatus unload(std::string error) {
    library_.reset();
    next_load_ = clock_.monotonic() + kReloadAfter;
    if (error != load_error_) {
      logger_->warn("NVML stopped working: {}; reloading it within a minute", error);
      load_error_ = error;
    }
    return CollectStatus::failure(std::move(error));
  }

  // The first entry point an exported metric needs that this library lacks, with the metric.
  std::optional<std::pair<std::string_view, std::string_view>> missing_function(
      const NvmlLibrary& library) const {
    const std::array<std::tuple<bool, std::string_view, std::string_view>, 5> needs{{
        {wanted_.gpu_temp, NvmlLibrary::kTemperature, metric::kGpuTemp},
        {wanted_.power, NvmlLibrary::kPowerUsage, metric::kPowerUsage},
        {wanted_.fan, NvmlLibrary::kFanSpeed, metric::kFanSpeed},
        {wanted_.throttle, NvmlLibrary::kClocksReasons, metric::kThrottleReason},
        {wanted_.vram_temp, NvmlLibrary::kFieldValues, metric::kVramTemp},
    }};
    for (const auto& [wanted, function, metric_name] : needs) {
      if (wanted && !library.has(function)) {
        return std::pair{function, metric_name};
      }
    }
    return std::nullopt;
  }

  void add_series(MetricSet& out, const core::metrics::Labels& labels, const GpuReading& reading) const {
    auto add = [&out](std::string_view name, const core::metrics::Labels& series_labels, double value) {
      const auto& info = metric_info(name);
      out.add(info.name, info.help, info.type, series_labels, value);
    };
    if (reading.gpu_temp) {
      add(metric::kGpuTemp, labels, *reading.gpu_temp);
    }
    if (reading.power_watts) {
      add(metric::kPowerUsage, labels, *reading.power_watts);
    }
    if (reading.fan_percent) {
      add(metric::kFanSpeed, labels, *reading.fan_percent);
    }
    if (reading.throttle_mask) {
      for (const auto& reason : kThrottleReasons) {
        auto with_reason = labels;
        with_reason.emplace_back("reason", reason.name);
        add(metric::kThrottleReason, with_reason, (*reading.throttle_mask & reason.bit) != 0 ? 1 : 0);
      }
    }
    if (reading.vram_temp) {
      add(metric::kVramTemp, labels, *reading.vram_temp);
    }
  }

  const core::sys::Clock& clock_;
  InventoryHolder& inventory_;
  std::string library_path_;
  core::log::Logger logger_;
  Wanted wanted_;
  std::unique_ptr<NvmlLibrary> library_;
  std::string load_error_;  // why NVML is unavailable; empty while it is loaded
  std::optional<std::chrono::steady_clock::time_point> next_load_;
  gpu::GpuErrorTracker errors_;  // dc_exporter_gpu_errors_total{collector="nvml"}, every usable GPU seen
};

}  // namespace

std::span<const ThrottleReason> throttle_reasons() {
  return kThrottleReasons;
}

std::optional<double> field_value_as_double(const nvml::nvmlFieldValue_t& field) {
  switch (field.valueType) {
    case nvml::NVML_VALUE_TYPE_DOUBLE:
      return field.value.dVal;
    case nvml::NVML_VALUE_TYPE_UNSIGNED_INT:
      return static_cast<double>(field.value.uiVal);
    case nvml::NVML_VALUE_TYPE_UNSIGNED_LONG:
      return static_cast<double>(field.value.ulVal);
    case nvml::NVML_VALUE_TYPE_UNSIGNED_LONG_LONG:
      return static_cast<double>(field.value.ullVal);
    case nvml::NVML_VALUE_TYPE_SIGNED_LONG_LONG:
      return static_cast<double>(field.value.sllVal);
    case nvml::NVML_VALUE_TYPE_SIGNED_INT:
      return static_cast<double>(field.value.siVal);
    case nvml::NVML_VALUE_TYPE_UNSIGNED_SHORT:
      return static_cast<double>(field.value.usVal);
  }
  return std::nullopt;
}

std::shared_ptr<Collector> make_nvml_collector(const CollectorContext& context) {
  return std::make_shared<NvmlCollector>(context);
}

}  // namespace dcm::exporter::collectors
