#include "exporter/collectors/pcie_bar.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>

#include "exporter/gpu/bar_reader.hpp"
#include "exporter/gpu/device_table.hpp"
#include "exporter/gpu/gpu_error_tracker.hpp"
#include "exporter/metric_catalog.hpp"

namespace dcm::exporter::collectors {
namespace {

constexpr std::uint32_t kVramTempMask = 0xFFF;
constexpr double kVramTempUnitsPerDegree = 32.0;
constexpr std::uint32_t kTempInvalidFrom = 0x7F;  // both sensors: 127 °C and above mean "no reading"

// One GPU's outcome in one collection.
struct GpuReading {
  enum class Outcome { kOk, kDenied, kError };
  Outcome outcome = Outcome::kOk;
  std::optional<double> vram;
  std::optional<double> hotspot;
  std::string error;  // names the file; stable from one collection to the next, so it is logged once
};

GpuReading error_reading(GpuReading::Outcome outcome, std::string error) {
  GpuReading reading;
  reading.outcome = outcome;
  reading.error = std::move(error);
  return reading;
}

class PcieBarCollector final : public Collector {
 public:
  explicit PcieBarCollector(const CollectorContext& context)
      : config_(context.config),
        sysfs_(context.sysfs),
        inventory_(context.inventory),
        errors_("pcie_bar", core::log::child(context.logger, "collector=pcie_bar")) {}

  std::string_view name() const override { return "pcie_bar"; }

  CollectStatus collect(core::metrics::MetricSet& out) override {
    const bool want_vram = config_.exports(metric::kVramTemp);
    const bool want_hotspot = config_.exports(metric::kHotSpotTemp);
    const auto inventory = inventory_.get();
    std::vector<std::string> denied;
    for (const auto& gpu : inventory->devices) {
      const auto info = gpu.usable() ? gpu::find_device(gpu.device_id) : std::nullopt;
      if (!info) {
        continue;
      }
      const auto vram_offset = want_vram ? info->vram_temp_offset : std::nullopt;
      const bool hotspot = want_hotspot && info->hotspot;
      if (!vram_offset && !hotspot) {
        continue;  // no known registers on this board (HBM parts report through NVML)
      }
      const auto bus_id = gpu.nvml_bus_id();
      errors_.seen(bus_id);
      auto reading = read_gpu(gpu.bdf, vram_offset, hotspot);
      if (reading.outcome == GpuReading::Outcome::kDenied) {
        denied.push_back(std::move(reading.error));  // a host setting, not a GPU fault: not counted per GPU
        continue;
      }
      if (reading.outcome == GpuReading::Outcome::kError) {
        errors_.failed(bus_id, gpu.bdf, reading.error);
        continue;
      }
      errors_.succeeded(bus_id, gpu.bdf);
      const auto labels = inventory->labels(gpu);
      if (reading.vram) {
        const auto& metric = metric_info(metric::kVramTemp);
        out.add(metric.name, metric.help, metric.type, labels, *reading.vram);
      }
      if (reading.hotspot) {
        const auto& metric = metric_info(metric::kHotSpotTemp);
        out.add(metric.name, metric.help, metric.type, labels, *reading.hotspot);
      }
    }
    errors_.export_to(out);
    if (!denied.empty()) {
      // One stable message: the runner logs a collector failure once, when it first appears or changes.
      return CollectStatus::failure(fmt::format(
          "{}{}: access refused; reading GPU temperatures from BAR0 needs root and, on kernels with "
          "CONFIG_IO_STRICT_DEVMEM, the kernel parameter iomem=relaxed",
          denied.front(), denied.size() > 1 ? fmt::format(" (and {} more GPUs)", denied.size() - 1) : ""));
    }
    return CollectStatus::success();
  }

 private:
  GpuReading read_gpu(const std::string& bdf, std::optional<std::uint32_t> vram_offset, bool hotspot) const {
    const auto relative = "bus/pci/devices/" + bdf + "/resource0";
    const auto where = sysfs_.display(relative, "/sys");
    gpu::BarReader bar(sysfs_.path(relative));
    GpuReading reading;
    if (vram_offset) {
      auto reg = bar.read32(*vram_offset);
      if (auto error = check(reg, where, "VRAM temperature")) {
        return *error;
      }
      reading.vram = decode_vram_temp(reg.value);
      if (!reading.vram) {
        return error_reading(GpuReading::Outcome::kError,
                             fmt::format("{}: VRAM temperature register 0x{:X} out of range (127 °C or more)",
                                         where, *vram_offset));
      }
    }
    if (hotspot) {
      auto reg = bar.read32(gpu::kHotspotOffset);
      if (auto error = check(reg, where, "hotspot")) {
        return *error;
      }
      // 0x7F and above: the sensor has no valid reading (seen on some boards); omitted, not an error.
      reading.hotspot = decode_hotspot(reg.value);
    }
    return reading;
  }

  static std::optional<GpuReading> check(const gpu::RegisterRead& reg, const std::string& where,
                                         std::string_view what) {
    using Status = gpu::RegisterRead::Status;
    if (reg.status == Status::kDenied) {
      return error_reading(GpuReading::Outcome::kDenied, fmt::format("{}: {}", where, reg.error));
    }
    if (!reg.ok()) {
      return error_reading(GpuReading::Outcome::kError, fmt::format("{}: {}", where, reg.error));
    }
    if (reg.value == kRegisterGone) {
      return error_reading(
          GpuReading::Outcome::kError,
          fmt::format("{}: {} register reads 0xFFFFFFFF (GPU fell off the bus?)", where, what));
    }
    return std::nullopt;
  }

  const ExporterConfig& config_;
  const core::sys::FsRoot& sysfs_;
  InventoryHolder& inventory_;
  gpu::GpuErrorTracker errors_;
};

}  // namespace

std::optional<double> decode_vram_temp(std::uint32_t reg) {
  if (reg == kRegisterGone) {
    return std::nullopt;
  }
  const double celsius = (reg & kVramTempMask) / kVramTempUnitsPerDegree;
  if (celsius >= kTempInvalidFrom) {
    return std::nullopt;
  }
  return celsius;
}

std::optional<double> decode_hotspot(std::uint32_t reg) {
  if (reg == kRegisterGone) {
    return std::nullopt;
  }
  const std::uint32_t celsius = (reg >> 8) & 0xFF;
  if (celsius >= kTempInvalidFrom) {
    return std::nullopt;
  }
  return celsius;
}

std::shared_ptr<Collector> make_pcie_bar_collector(const CollectorContext& context) {
  return std::make_shared<PcieBarCollector>(context);
}

}  // namespace dcm::exporter::collectors
