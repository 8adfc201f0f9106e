// Finds NVIDIA GPUs on the PCI bus from sysfs, whatever driver holds them (nvidia, vfio-pci, none), and
// names them from the driver's procfs entries or the device table. Reads only; never touches BARs.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/sys/fs_root.hpp"
#include "exporter/gpu/gpu_device.hpp"

namespace dcm::exporter::gpu {

inline constexpr std::uint16_t kNvidiaVendorId = 0x10de;

// Fields of <procfs>/driver/nvidia/gpus/<bdf>/information ("Model:", "GPU UUID:", "Device Minor:").
struct DriverInformation {
  std::string model;
  std::string uuid;
  std::optional<int> minor;
};
DriverInformation parse_driver_information(std::string_view text);

// Fills UUID and model for a usable GPU that procfs did not describe (NVML, when loaded). May be empty.
using IdentityLookup = std::function<void(GpuDevice&)>;

// Usable GPUs (bound to "nvidia") get NVML-style indexes in PCI bus order. Devices whose sysfs attributes
// are unreadable or malformed are skipped (a bad device never hides the others).
GpuInventory discover_gpus(const core::sys::FsRoot& sysfs, const core::sys::FsRoot& procfs,
                           std::string hostname, const IdentityLookup& identity = {});

}  // namespace dcm::exporter::gpu
