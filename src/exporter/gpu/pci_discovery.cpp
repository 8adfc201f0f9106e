#include "exporter/gpu/pci_discovery.hpp"

#include <fmt/format.h>

#include "core/config/text.hpp"
#include "exporter/gpu/device_table.hpp"

namespace dcm::exporter::gpu {
namespace {

using core::config::parse_int;
using core::config::trim;

// sysfs hex attributes look like "0x10de\n".
template <typename Int>
std::optional<Int> read_hex(const core::sys::FsRoot& sysfs, const std::string& path) {
  auto result = sysfs.read(path, 64);
  if (!result) {
    return std::nullopt;
  }
  auto text = trim(result.data);
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
  }
  return parse_int<Int>(text, 16);
}

bool is_display_class(std::uint32_t pci_class) {
  const auto base_and_sub = pci_class >> 8;
  return base_and_sub == 0x0300 || base_and_sub == 0x0302;  // VGA compatible, 3D controller
}

}  // namespace

DriverInformation parse_driver_information(std::string_view text) {
  DriverInformation info;
  for (auto line : core::config::split_lines(text)) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    auto key = trim(line.substr(0, colon));
    auto value = trim(line.substr(colon + 1));
    if (key == "Model") {
      info.model = std::string(value);
    } else if (key == "GPU UUID") {
      info.uuid = std::string(value);
    } else if (key == "Device Minor") {
      info.minor = parse_int<int>(value);
    }
  }
  return info;
}

GpuInventory discover_gpus(const core::sys::FsRoot& sysfs, const core::sys::FsRoot& procfs,
                           std::string hostname, const IdentityLookup& identity) {
  GpuInventory inventory;
  inventory.hostname = std::move(hostname);
  for (const auto& bdf : sysfs.list("bus/pci/devices")) {
    const std::string dir = "bus/pci/devices/" + bdf + "/";
    auto vendor = read_hex<std::uint16_t>(sysfs, dir + "vendor");
    if (!vendor || *vendor != kNvidiaVendorId) {
      continue;
    }
    auto pci_class = read_hex<std::uint32_t>(sysfs, dir + "class");
    auto device_id = read_hex<std::uint16_t>(sysfs, dir + "device");
    if (!pci_class || !device_id || !is_display_class(*pci_class)) {
      continue;  // audio function of the same card, USB-C controller, or an unreadable device
    }
    GpuDevice gpu;
    gpu.bdf = bdf;
    gpu.device_id = *device_id;
    gpu.pci_class = *pci_class;
    gpu.driver = sysfs.link_target_name(dir + "driver").value_or("");
    if (auto text = procfs.read("driver/nvidia/gpus/" + bdf + "/information", 8192)) {
      auto info = parse_driver_information(text.data);
      gpu.model = info.model;
      gpu.uuid = info.uuid;
      gpu.minor = info.minor;
    }
    inventory.devices.push_back(std::move(gpu));
  }
  // sysfs lists devices in bus order already; the index follows it as NVML's default enumeration does.
  int next_index = 0;
  for (auto& gpu : inventory.devices) {
    if (!gpu.usable()) {
      continue;
    }
    gpu.index = next_index++;
    if ((gpu.uuid.empty() || gpu.model.empty()) && identity) {
      identity(gpu);
    }
  }
  for (auto& gpu : inventory.devices) {
    if (gpu.model.empty()) {
      auto known = find_device(gpu.device_id);
      gpu.model = known ? std::string(known->model) : fmt::format("NVIDIA device 0x{:04x}", gpu.device_id);
    }
  }
  return inventory;
}

}  // namespace dcm::exporter::gpu
