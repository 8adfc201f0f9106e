#include "exporter/gpu/gpu_device.hpp"

#include <algorithm>
#include <cctype>

namespace dcm::exporter::gpu {

std::string GpuDevice::nvml_bus_id() const {
  // "0000:01:00.0" -> "00000000:01:00.0"
  std::string out = bdf;
  auto colon = out.find(':');
  if (colon != std::string::npos && colon < 8) {
    out.insert(0, 8 - colon, '0');
  }
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

core::metrics::Labels GpuInventory::labels(const GpuDevice& gpu) const {
  return {
      {"gpu", std::to_string(gpu.index)},
      {"UUID", gpu.uuid},
      {"pci_bus_id", gpu.nvml_bus_id()},
      {"device", "nvidia" + std::to_string(gpu.minor.value_or(gpu.index))},
      {"modelName", gpu.model},
      {"Hostname", hostname},
  };
}

int GpuInventory::usable_count() const {
  return static_cast<int>(
      std::count_if(devices.begin(), devices.end(), [](const auto& d) { return d.usable(); }));
}

}  // namespace dcm::exporter::gpu
