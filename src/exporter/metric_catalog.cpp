#include "exporter/metric_catalog.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace dcm::exporter {
namespace {

using core::metrics::MetricType;

constexpr std::array kCatalog{
    MetricInfo{metric::kVramTemp, Section::kGpu, MetricType::kGauge,
               "VRAM (GDDR6X/HBM) temperature in degrees Celsius, from NVML on HBM GPUs or PCIe BAR0 on "
               "GDDR6X boards."},
    MetricInfo{metric::kHotSpotTemp, Section::kGpu, MetricType::kGauge,
               "GPU hotspot (junction) temperature in degrees Celsius, from PCIe BAR0."},
    MetricInfo{metric::kFanSpeed, Section::kGpu, MetricType::kGauge,
               "GPU fan speed in percent of its maximum, from NVML (absent on boards without a fan)."},
    MetricInfo{metric::kThrottleReason, Section::kGpu, MetricType::kGauge,
               "1 while the clock throttle reason named by the reason label is active, else 0 (NVML)."},
    MetricInfo{
        metric::kAerTotalErrors, Section::kGpu, MetricType::kCounter,
        "PCIe Advanced Error Reporting errors of the GPU since boot, by severity (correctable, nonfatal, "
        "fatal)."},
    MetricInfo{metric::kAerErrorState, Section::kGpu, MetricType::kGauge,
               "PCIe AER state of the GPU: 0 no new errors within the window, 1 correctable errors rising, 2 "
               "non-fatal or fatal errors seen."},
    MetricInfo{metric::kGpuTemp, Section::kGpu, MetricType::kGauge,
               "GPU core temperature in degrees Celsius (NVML)."},
    MetricInfo{metric::kPowerUsage, Section::kGpu, MetricType::kGauge, "GPU power draw in watts (NVML)."},
    MetricInfo{metric::kLoadAvg, Section::kSystem, MetricType::kGauge,
               "System load average over the period label (1m, 5m, 15m), from /proc/loadavg."},
    MetricInfo{metric::kCpuUsage, Section::kSystem, MetricType::kGauge,
               "CPU busy time in percent of all CPUs over the last collection interval, from /proc/stat."},
    MetricInfo{metric::kMemUsed, Section::kSystem, MetricType::kGauge,
               "Memory in use in percent of MemTotal (MemTotal - MemAvailable), from /proc/meminfo."},
    MetricInfo{metric::kInletTemp, Section::kIpmi, MetricType::kGauge,
               "Chassis inlet (intake) temperature in degrees Celsius, from the local BMC over IPMI."},
    MetricInfo{metric::kExhaustTemp, Section::kIpmi, MetricType::kGauge,
               "Chassis exhaust (outlet) temperature in degrees Celsius, from the local BMC over IPMI."},
};

}  // namespace

std::span<const MetricInfo> metric_catalog() {
  return kCatalog;
}

const MetricInfo& metric_info(std::string_view name) {
  for (const auto& info : kCatalog) {
    if (info.name == name) {
      return info;
    }
  }
  throw std::out_of_range("metric " + std::string(name) + " is not in the catalogue");
}

std::string_view section_name(Section section) {
  switch (section) {
    case Section::kGpu:
      return "gpu";
    case Section::kSystem:
      return "system";
    case Section::kIpmi:
      break;
  }
  return "ipmi";
}

}  // namespace dcm::exporter
