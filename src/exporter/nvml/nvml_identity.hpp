// A gpu::IdentityLookup backed by NVML: UUID (nvmlDeviceGetUUID) and model (nvmlDeviceGetName) for a usable
// GPU that <procfs>/driver/nvidia/gpus/<bdf>/information did not describe (a container without that procfs
// entry, for example). It loads its own NvmlLibrary on first use (NVML counts nvmlInit calls, so it lives
// beside the nvml collector's) and retries a failed load at most once a minute. A GPU NVML cannot answer for
// keeps what discovery found; its model then comes from the device table.
//
// Not wired into app.cpp yet: discovery runs in the pci collector every interval, and an NVML call that hangs
// there (a GPU off the bus) would stall the inventory every other collector labels its series with.
#pragma once

#include <string>

#include "core/log/logging.hpp"
#include "core/sys/clock.hpp"
#include "exporter/gpu/pci_discovery.hpp"

namespace dcm::exporter::nvml {

// `clock` must outlive the returned function.
gpu::IdentityLookup make_nvml_identity_lookup(std::string library_path, const core::sys::Clock& clock,
                                              core::log::Logger logger);

}  // namespace dcm::exporter::nvml
