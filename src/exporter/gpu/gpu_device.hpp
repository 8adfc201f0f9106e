// What dc-exporter knows about one NVIDIA GPU on the PCI bus, whichever collector reads it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics/family.hpp"

namespace dcm::exporter::gpu {

struct GpuDevice {
  std::string bdf;  // sysfs form, "0000:01:00.0"
  std::uint16_t device_id = 0;
  std::uint32_t pci_class = 0;  // 0x030000 VGA or 0x030200 3D controller
  std::string driver;           // "nvidia", "vfio-pci", "nouveau", or "" when no driver is bound
  std::string model;            // "NVIDIA GeForce RTX 4090"
  std::string uuid;             // "GPU-…", empty when unknown (no driver)
  std::optional<int> minor;     // /dev/nvidiaN
  int index = -1;               // NVML-style index among usable GPUs (PCI order); -1 when not usable

  bool usable() const { return driver == "nvidia"; }
  // dcgm-exporter writes the NVML form of the bus id: 8 hex digits of domain, upper case.
  std::string nvml_bus_id() const;
};

struct GpuInventory {
  std::string hostname;  // the Hostname label (machine_id)
  std::vector<GpuDevice> devices;

  // The labels dcgm-exporter puts on every per-GPU series, in its order:
  // gpu, UUID, pci_bus_id, device, modelName, Hostname.
  core::metrics::Labels labels(const GpuDevice& gpu) const;
  int usable_count() const;
};

using InventoryPtr = std::shared_ptr<const GpuInventory>;

}  // namespace dcm::exporter::gpu
