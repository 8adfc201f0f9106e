// GPU discovery as a collector: re-reads the PCI bus every interval, publishes the inventory the GPU
// collectors label their series with, and exports dc_exporter_gpu_count, dc_exporter_gpu_available and
// dc_exporter_gpu_usable (one series per NVIDIA GPU, whichever driver holds it).
#pragma once

#include <memory>

#include "exporter/collector.hpp"
#include "exporter/collector_context.hpp"
#include "exporter/gpu/pci_discovery.hpp"

namespace dcm::exporter::collectors {

std::shared_ptr<Collector> make_pci_collector(const CollectorContext& context,
                                              gpu::IdentityLookup identity = {});

}  // namespace dcm::exporter::collectors
