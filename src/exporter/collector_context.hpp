// Everything a collector may need from the outside world, injected: filesystem roots, clock, logger,
// configuration and the current GPU inventory. main.cpp builds the real one; tests build one over fixtures.
#pragma once

#include <mutex>
#include <string>

#include "core/log/logging.hpp"
#include "core/sys/clock.hpp"
#include "core/sys/fs_root.hpp"
#include "exporter/config.hpp"
#include "exporter/gpu/gpu_device.hpp"

namespace dcm::exporter {

// The latest GPU inventory, replaced by the pci collector each interval and read by the GPU collectors.
class InventoryHolder {
 public:
  gpu::InventoryPtr get() const {
    std::lock_guard lock(mutex_);
    return inventory_;
  }
  void set(gpu::InventoryPtr inventory) {
    std::lock_guard lock(mutex_);
    inventory_ = std::move(inventory);
  }

 private:
  mutable std::mutex mutex_;
  gpu::InventoryPtr inventory_ = std::make_shared<gpu::GpuInventory>();
};

// Where the local IPMI collector finds its BMC. An empty host means in-band (the kernel's /dev/ipmi0);
// a host means IPMI 2.0 over LAN (lanplus), used against ipmi_sim in tests and for BMCs reached remotely.
struct IpmiTarget {
  std::string host;
  int port = 623;
  std::string user;
  std::string password;  // never logged
  std::string device;    // in-band device path; empty means /dev/ipmi0
};

struct CollectorContext {
  const ExporterConfig& config;
  const core::sys::FsRoot& sysfs;
  const core::sys::FsRoot& procfs;
  const core::sys::Clock& clock;
  InventoryHolder& inventory;
  std::string hostname;      // the Hostname label
  std::string nvml_library;  // --nvml-lib
  IpmiTarget ipmi;
  core::log::Logger logger;  // the program's root logger; collectors take a child
};

}  // namespace dcm::exporter
