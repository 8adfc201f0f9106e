// Discovery naming GPUs through NVML (the shim) when procfs has no driver information for them.
#include "exporter/nvml/nvml_identity.hpp"

#include <cstdlib>

#include <gtest/gtest.h>

#include "tests/support/nvml_shim/nvml_shim_paths.hpp"
#include "tests/support/paths.hpp"

namespace dcm::exporter::nvml {
namespace {

class NvmlIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv(test::kNvmlShimConfigEnv, test::fixture_path("exporter/eight_gpus/nvml.json").c_str(), 1);
  }
  void TearDown() override { ::unsetenv(test::kNvmlShimConfigEnv); }

  core::sys::FsRoot sysfs_{test::fixture_path("exporter/eight_gpus/sysfs")};
  test::TempDir empty_procfs_;  // no driver/nvidia/gpus/*/information
  core::sys::FsRoot procfs_{empty_procfs_.path()};
  core::sys::FakeClock clock_;
};

TEST_F(NvmlIdentityTest, FillsUuidAndModelThatProcfsDidNotGive) {
  auto lookup = make_nvml_identity_lookup(test::nvml_shim_path().string(), clock_, core::log::null_logger());
  auto inventory = gpu::discover_gpus(sysfs_, procfs_, "gpu-worker-07", lookup);
  ASSERT_EQ(inventory.devices.size(), 8u);
  EXPECT_EQ(inventory.devices[0].uuid, "GPU-3f1c0e6e-6c2b-4d4f-9a4e-40900000a001");
  EXPECT_EQ(inventory.devices[0].model, "NVIDIA GeForce RTX 4090");
  EXPECT_EQ(inventory.devices[6].uuid, "GPU-a100a100-0000-4000-8000-00000000c003");
  // The lost GPU answers nothing: no UUID, the model from the device table.
  EXPECT_EQ(inventory.devices[5].uuid, "");
  EXPECT_EQ(inventory.devices[5].model, "NVIDIA A100-SXM4-80GB");
  // Not usable (vfio-pci): never asked.
  EXPECT_EQ(inventory.devices[7].uuid, "");
}

TEST_F(NvmlIdentityTest, WithoutNvmlDiscoveryStillNamesGpusFromTheDeviceTable) {
  test::TempDir dir;
  auto lookup =
      make_nvml_identity_lookup((dir / "libnvidia-ml.so.1").string(), clock_, core::log::null_logger());
  auto inventory = gpu::discover_gpus(sysfs_, procfs_, "gpu-worker-07", lookup);
  ASSERT_EQ(inventory.devices.size(), 8u);
  EXPECT_EQ(inventory.devices[0].uuid, "");
  EXPECT_EQ(inventory.devices[0].model, "NVIDIA GeForce RTX 4090");
}

}  // namespace
}  // namespace dcm::exporter::nvml
