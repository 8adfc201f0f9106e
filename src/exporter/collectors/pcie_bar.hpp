// VRAM and hotspot temperatures of GeForce/RTX boards (GDDR6X/GDDR6) read from registers in BAR0, where NVML
// reports neither: DCGM_FI_DEV_VRAM_TEMP and DCGM_FI_DEV_HOT_SPOT_TEMP. Offsets per device id come from
// gpu/device_table.hpp; the registers, their sources and the risks are described in docs/pcie-bar.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "exporter/collector.hpp"
#include "exporter/collector_context.hpp"

namespace dcm::exporter::collectors {

// What a register reads when the device no longer answers on the bus (a master abort returns all ones).
inline constexpr std::uint32_t kRegisterGone = 0xFFFFFFFF;

// VRAM temperature register: the low 12 bits in 1/32 °C. nullopt for all ones (GPU gone) and for 127 °C and
// above, which no working GDDR6/GDDR6X part reports (public readers apply the same 0x7F limit to both
// sensors).
std::optional<double> decode_vram_temp(std::uint32_t reg);

// Hotspot register: bits 8..15 in °C, valid only below 0x7F. nullopt for all ones and for 0x7F and above.
std::optional<double> decode_hotspot(std::uint32_t reg);

std::shared_ptr<Collector> make_pcie_bar_collector(const CollectorContext& context);

}  // namespace dcm::exporter::collectors
