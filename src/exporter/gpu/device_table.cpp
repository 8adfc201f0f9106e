#include "exporter/gpu/device_table.hpp"

#include <array>

namespace dcm::exporter::gpu {
namespace {

constexpr std::array kDevices{
    // Ampere GA102 (GDDR6X/GDDR6)
    DeviceInfo{0x2204, "NVIDIA GeForce RTX 3090", kVramTempOffsetGa102, true},
    DeviceInfo{0x2203, "NVIDIA GeForce RTX 3090 Ti", kVramTempOffsetGa102, true},
    DeviceInfo{0x2208, "NVIDIA GeForce RTX 3080 Ti", kVramTempOffsetGa102, true},
    DeviceInfo{0x2206, "NVIDIA GeForce RTX 3080", kVramTempOffsetGa102, true},
    DeviceInfo{0x2216, "NVIDIA GeForce RTX 3080 LHR", kVramTempOffsetGa102, true},
    DeviceInfo{0x2230, "NVIDIA RTX A6000", kVramTempOffsetGa102, true},
    DeviceInfo{0x2231, "NVIDIA RTX A5000", kVramTempOffsetGa102, true},
    DeviceInfo{0x2232, "NVIDIA RTX A4500", kVramTempOffsetGa102, true},
    // Ampere GA106
    DeviceInfo{0x2531, "NVIDIA RTX A2000", kVramTempOffsetGa102, true},
    DeviceInfo{0x2571, "NVIDIA RTX A2000 12GB", kVramTempOffsetGa102, true},
    // Ampere GA104
    DeviceInfo{0x2484, "NVIDIA GeForce RTX 3070", kVramTempOffsetGa104, true},
    DeviceInfo{0x2488, "NVIDIA GeForce RTX 3070 LHR", kVramTempOffsetGa104, true},
    // Ada AD102/AD103/AD104
    DeviceInfo{0x2684, "NVIDIA GeForce RTX 4090", kVramTempOffsetGa102, true},
    DeviceInfo{0x2704, "NVIDIA GeForce RTX 4080", kVramTempOffsetGa102, true},
    DeviceInfo{0x2782, "NVIDIA GeForce RTX 4070 Ti", kVramTempOffsetGa102, true},
    DeviceInfo{0x2786, "NVIDIA GeForce RTX 4070", kVramTempOffsetGa102, true},
    DeviceInfo{0x26B1, "NVIDIA RTX 6000 Ada Generation", kVramTempOffsetGa102, true},
    DeviceInfo{0x26B5, "NVIDIA L40", kVramTempOffsetGa102, true},
    DeviceInfo{0x26B9, "NVIDIA L40S", kVramTempOffsetGa102, true},
    DeviceInfo{0x27B8, "NVIDIA L4", kVramTempOffsetGa102, true},
    // Datacenter HBM parts: memory temperature comes from NVML (NVML_FI_DEV_MEMORY_TEMP), not BAR0.
    DeviceInfo{0x20B0, "NVIDIA A100-SXM4-40GB", std::nullopt, false},
    DeviceInfo{0x20B2, "NVIDIA A100-SXM4-80GB", std::nullopt, false},
    DeviceInfo{0x20B5, "NVIDIA A100 80GB PCIe", std::nullopt, false},
    DeviceInfo{0x20F1, "NVIDIA A100-PCIE-40GB", std::nullopt, false},
    DeviceInfo{0x2330, "NVIDIA H100 80GB HBM3", std::nullopt, false},
    DeviceInfo{0x2331, "NVIDIA H100 PCIe", std::nullopt, false},
    DeviceInfo{0x2335, "NVIDIA H200", std::nullopt, false},
};

}  // namespace

std::optional<DeviceInfo> find_device(std::uint16_t device_id) {
  for (const auto& info : kDevices) {
    if (info.device_id == device_id) {
      return info;
    }
  }
  return std::nullopt;
}

std::span<const DeviceInfo> known_devices() {
  return kDevices;
}

}  // namespace dcm::exporter::gpu
