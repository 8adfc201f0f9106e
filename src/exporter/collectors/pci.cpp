#include "exporter/collectors/pci.hpp"

#include <fmt/format.h>

namespace dcm::exporter::collectors {
namespace {

using core::metrics::MetricType;

class PciCollector final : public Collector {
 public:
  PciCollector(const CollectorContext& context, gpu::IdentityLookup identity)
      : sysfs_(context.sysfs),
        procfs_(context.procfs),
        hostname_(context.hostname),
        inventory_(context.inventory),
        identity_(std::move(identity)) {}

  std::string_view name() const override { return "pci"; }

  CollectStatus collect(core::metrics::MetricSet& out) override {
    auto inventory =
        std::make_shared<const gpu::GpuInventory>(gpu::discover_gpus(sysfs_, procfs_, hostname_, identity_));
    const auto usable = inventory->usable_count();
    const auto present = static_cast<int>(inventory->devices.size());
    out.add("dc_exporter_gpu_count", "Number of NVIDIA GPUs found on the PCI bus, usable or not.",
            MetricType::kGauge, {}, present);
    out.add("dc_exporter_gpu_available",
            "1 if GPUs are usable by the NVIDIA driver, 0 if NVIDIA devices are present but none is usable "
            "(VM passthrough, bound to vfio-pci, driver missing) or none is present.",
            MetricType::kGauge, {}, usable > 0 ? 1 : 0);
    for (const auto& device : inventory->devices) {
      out.add("dc_exporter_gpu_usable",
              "1 if the NVIDIA GPU is bound to the nvidia driver, 0 otherwise; driver names what holds it.",
              MetricType::kGauge,
              {{"pci_bus_id", device.nvml_bus_id()},
               {"device_id", fmt::format("0x{:04x}", device.device_id)},
               {"modelName", device.model},
               {"driver", device.driver.empty() ? "none" : device.driver},
               {"Hostname", hostname_}},
              device.usable() ? 1 : 0);
    }
    inventory_.set(std::move(inventory));
    return CollectStatus::success();
  }

 private:
  const core::sys::FsRoot& sysfs_;
  const core::sys::FsRoot& procfs_;
  std::string hostname_;
  InventoryHolder& inventory_;
  gpu::IdentityLookup identity_;
};

}  // namespace

std::shared_ptr<Collector> make_pci_collector(const CollectorContext& context, gpu::IdentityLookup identity) {
  return std::make_shared<PciCollector>(context, std::move(identity));
}

}  // namespace dcm::exporter::collectors
