#include "exporter/gpu/pci_discovery.hpp"

#include <gtest/gtest.h>

#include "exporter/gpu/device_table.hpp"
#include "tests/support/paths.hpp"

namespace dcm::exporter::gpu {
namespace {

GpuInventory eight_gpus() {
  core::sys::FsRoot sysfs(test::fixture_path("exporter/eight_gpus/sysfs"));
  core::sys::FsRoot procfs(test::fixture_path("exporter/eight_gpus/procfs"));
  return discover_gpus(sysfs, procfs, "gpu-worker-07");
}

TEST(PciDiscovery, FindsEveryNvidiaDisplayFunctionWhateverItsDriver) {
  auto inventory = eight_gpus();
  ASSERT_EQ(inventory.devices.size(), 8u);  // not the Intel host bridge, not the 4090's audio function
  EXPECT_EQ(inventory.usable_count(), 7);
  const auto& vfio = inventory.devices.back();
  EXPECT_EQ(vfio.bdf, "0000:e1:00.0");
  EXPECT_EQ(vfio.driver, "vfio-pci");
  EXPECT_FALSE(vfio.usable());
  EXPECT_EQ(vfio.index, -1);
  EXPECT_EQ(vfio.model, "NVIDIA GeForce RTX 3090");  // from the device table: no driver, no procfs entry
  EXPECT_TRUE(vfio.uuid.empty());
}

TEST(PciDiscovery, LabelsLikeDcgmExporter) {
  auto inventory = eight_gpus();
  const auto& first = inventory.devices.front();
  EXPECT_EQ(inventory.labels(first),
            (core::metrics::Labels{{"gpu", "0"},
                                   {"UUID", "GPU-3f1c0e6e-6c2b-4d4f-9a4e-40900000a001"},
                                   {"pci_bus_id", "00000000:01:00.0"},
                                   {"device", "nvidia0"},
                                   {"modelName", "NVIDIA GeForce RTX 4090"},
                                   {"Hostname", "gpu-worker-07"}}));
  EXPECT_EQ(inventory.devices[5].nvml_bus_id(), "00000000:A1:00.0");
  EXPECT_EQ(inventory.devices[6].index, 6);
}

TEST(PciDiscovery, SkipsDevicesWithGarbageAttributes) {
  test::TempDir dir;
  test::write_file(dir / "sys/bus/pci/devices/0000:01:00.0/vendor", "0x10de\n");
  test::write_file(dir / "sys/bus/pci/devices/0000:01:00.0/class", "banana\n");
  test::write_file(dir / "sys/bus/pci/devices/0000:01:00.0/device", "0x2684\n");
  test::write_file(dir / "sys/bus/pci/devices/0000:02:00.0/vendor", "0x10de\n");
  test::write_file(dir / "sys/bus/pci/devices/0000:02:00.0/class", "0x030000\n");
  test::write_file(dir / "sys/bus/pci/devices/0000:02:00.0/device", "\x01\x02");
  test::write_file(dir / "sys/bus/pci/devices/0000:03:00.0/vendor", "0x10de\n");
  test::write_file(dir / "sys/bus/pci/devices/0000:03:00.0/class", "0x030000\n");
  test::write_file(dir / "sys/bus/pci/devices/0000:03:00.0/device", "0x9999\n");
  core::sys::FsRoot sysfs(dir / "sys");
  core::sys::FsRoot procfs(dir / "proc");
  auto inventory = discover_gpus(sysfs, procfs, "h");
  ASSERT_EQ(inventory.devices.size(), 1u);
  EXPECT_EQ(inventory.devices[0].model, "NVIDIA device 0x9999");
  EXPECT_EQ(inventory.devices[0].driver, "");
  EXPECT_EQ(inventory.usable_count(), 0);
}

TEST(DriverInformation, ParsesTheDriversProcfsFile) {
  auto info =
      parse_driver_information("Model: \t\t NVIDIA H100 80GB HBM3\nGPU UUID: \t GPU-x\nDevice Minor: \t 3\n");
  EXPECT_EQ(info.model, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(info.uuid, "GPU-x");
  EXPECT_EQ(info.minor, 3);
  EXPECT_FALSE(parse_driver_information("Device Minor: \t x\n").minor.has_value());
}

TEST(DeviceTable, KnowsTheBarRegistersOfGddr6xBoards) {
  EXPECT_EQ(find_device(0x2684)->vram_temp_offset, kVramTempOffsetGa102);
  EXPECT_EQ(find_device(0x2484)->vram_temp_offset, kVramTempOffsetGa104);
  EXPECT_FALSE(find_device(0x20B2)->vram_temp_offset.has_value());
  EXPECT_FALSE(find_device(0x0001).has_value());
}

}  // namespace
}  // namespace dcm::exporter::gpu
