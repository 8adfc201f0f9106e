// NVIDIA PCI device ids dc-exporter knows by name, and for GDDR6X/GDDR6 boards whose VRAM and hotspot
// temperatures NVML does not report, where those sensors sit in BAR0. Sources and caveats: docs/pcie-bar.md.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace dcm::exporter::gpu {

struct DeviceInfo {
  std::uint16_t device_id;
  std::string_view model;
  // BAR0 offset of the VRAM temperature register; nullopt where the board has no known register (HBM parts
  // report memory temperature through NVML instead).
  std::optional<std::uint32_t> vram_temp_offset;
  // Whether the hotspot register (BAR0 + kHotspotOffset) is known to be valid on this board.
  bool hotspot = false;
};

inline constexpr std::uint32_t kVramTempOffsetGa102 = 0xE2A8;  // GA102/GA106/AD10x
inline constexpr std::uint32_t kVramTempOffsetGa104 = 0xEE50;  // GA104 (RTX 3070)
inline constexpr std::uint32_t kHotspotOffset = 0x2046C;

// nullopt for an id that is not in the table.
std::optional<DeviceInfo> find_device(std::uint16_t device_id);
std::span<const DeviceInfo> known_devices();

}  // namespace dcm::exporter::gpu
