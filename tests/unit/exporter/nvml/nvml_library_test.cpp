// NvmlLibrary against the NVML shim (tests/support/nvml_shim) and against libraries that are not NVML.
#include "exporter/nvml/nvml_library.hpp"

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/nvml_shim/nvml_shim_paths.hpp"
#include "tests/support/paths.hpp"

namespace dcm::exporter::nvml {
namespace {

class NvmlLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override { use(test::read_file(test::fixture_path("exporter/eight_gpus/nvml.json"))); }
  void TearDown() override { ::unsetenv(test::kNvmlShimConfigEnv); }

  void use(const std::string& description) {
    test::write_file(dir_ / "next.json", description);
    std::filesystem::rename(dir_ / "next.json", dir_ / "nvml.json");
    ::setenv(test::kNvmlShimConfigEnv, (dir_ / "nvml.json").c_str(), 1);
  }

  static std::unique_ptr<NvmlLibrary> load_ok(std::string_view shim = test::kNvmlShim) {
    auto loaded = NvmlLibrary::load(test::nvml_shim_path(shim).string());
    EXPECT_TRUE(loaded.library) << loaded.error;
    EXPECT_TRUE(loaded.error.empty());
    return std::move(loaded.library);
  }

  test::TempDir dir_;
};

TEST_F(NvmlLibraryTest, ReadsEveryValueOfAGpu) {
  auto library = load_ok();
  ASSERT_TRUE(library);
  auto handle = library->device_by_pci_bus_id("00000000:41:00.0");
  ASSERT_TRUE(handle.ok()) << library->error_string(handle.code);
  const auto device = handle.value;
  EXPECT_EQ(library->gpu_temperature_celsius(device).value, 78u);
  EXPECT_EQ(library->power_usage_milliwatts(device).value, 301550u);
  EXPECT_EQ(library->fan_speed_percent(device).value, 100u);
  EXPECT_EQ(library->clocks_reasons(device).value,
            nvmlClocksThrottleReasonHwSlowdown | nvmlClocksThrottleReasonHwThermalSlowdown);
  EXPECT_EQ(library->uuid(device).value, "GPU-7a8b9c0d-1e2f-4a5b-8c7d-30900000b001");
  EXPECT_EQ(library->name(device).value, "NVIDIA GeForce RTX 3090");
  EXPECT_EQ(library->field_value(device, NVML_FI_DEV_MEMORY_TEMP).code, NVML_ERROR_NOT_SUPPORTED);
  EXPECT_EQ(library->clocks_reasons_function(), "nvmlDeviceGetCurrentClocksEventReasons");
}

TEST_F(NvmlLibraryTest, ReadsMemoryTemperatureAsAFieldValue) {
  auto library = load_ok();
  ASSERT_TRUE(library);
  auto handle = library->device_by_pci_bus_id("0000:81:00.0");  // the short sysfs form works too
  ASSERT_TRUE(handle.ok());
  auto field = library->field_value(handle.value, NVML_FI_DEV_MEMORY_TEMP);
  ASSERT_TRUE(field.ok()) << library->error_string(field.code);
  EXPECT_EQ(field.value.fieldId, NVML_FI_DEV_MEMORY_TEMP);
  EXPECT_EQ(field.value.valueType, NVML_VALUE_TYPE_UNSIGNED_INT);
  EXPECT_EQ(field.value.value.uiVal, 61u);
  EXPECT_EQ(library->fan_speed_percent(handle.value).code, NVML_ERROR_NOT_SUPPORTED);
}

TEST_F(NvmlLibraryTest, LostGpuAnswersGpuIsLost) {
  auto library = load_ok();
  ASSERT_TRUE(library);
  auto handle = library->device_by_pci_bus_id("00000000:A1:00.0");
  EXPECT_EQ(handle.code, NVML_ERROR_GPU_IS_LOST);
  EXPECT_EQ(library->error_string(handle.code), "GPU is lost");
  EXPECT_EQ(library->device_by_pci_bus_id("00000000:E1:00.0").code, NVML_ERROR_NOT_FOUND);
}

TEST_F(NvmlLibraryTest, MinimalDriverHasNoFieldValuesAndTheOlderThrottleCall) {
  auto library = load_ok(test::kNvmlShimMinimal);
  ASSERT_TRUE(library);
  EXPECT_FALSE(library->has(NvmlLibrary::kFieldValues));
  EXPECT_TRUE(library->has(NvmlLibrary::kClocksReasons));
  EXPECT_EQ(library->clocks_reasons_function(), "nvmlDeviceGetCurrentClocksThrottleReasons");
  auto handle = library->device_by_pci_bus_id("00000000:01:00.0");
  ASSERT_TRUE(handle.ok());
  EXPECT_EQ(library->clocks_reasons(handle.value).value, nvmlClocksThrottleReasonSwPowerCap);
  EXPECT_EQ(library->field_value(handle.value, NVML_FI_DEV_MEMORY_TEMP).code, NVML_ERROR_FUNCTION_NOT_FOUND);
}

TEST_F(NvmlLibraryTest, MissingFileGivesTheLoadersReason) {
  auto loaded = NvmlLibrary::load((dir_ / "libnvidia-ml.so.1").string());
  EXPECT_FALSE(loaded.library);
  EXPECT_EQ(loaded.error, (dir_ / "libnvidia-ml.so.1").string() +
                              ": cannot open shared object file: No such file or directory");
}

TEST_F(NvmlLibraryTest, LibraryThatIsNotNvmlIsRejected) {
  auto loaded = NvmlLibrary::load("libm.so.6");
  EXPECT_FALSE(loaded.library);
  EXPECT_EQ(loaded.error, "libm.so.6: symbol nvmlInit_v2 not found (not an NVML library?)");
}

TEST_F(NvmlLibraryTest, FailingInitIsReportedWithNvmlsText) {
  use(R"({"init_error": "DRIVER_NOT_LOADED", "gpus": []})");
  auto path = test::nvml_shim_path().string();
  auto loaded = NvmlLibrary::load(path);
  EXPECT_FALSE(loaded.library);
  EXPECT_EQ(loaded.error, path + ": nvmlInit_v2 failed: Driver Not Loaded");
}

TEST_F(NvmlLibraryTest, GarbageDescriptionMakesTheShimFailInit) {
  use("{\"gpus\": [{\"pci_bus_id\": \"00000000:01:00.0\", \"temprature\": 50}]}");
  auto loaded = NvmlLibrary::load(test::nvml_shim_path().string());
  EXPECT_FALSE(loaded.library);
  EXPECT_TRUE(loaded.error.ends_with("nvmlInit_v2 failed: Unknown Error")) << loaded.error;
}

TEST_F(NvmlLibraryTest, ShutsNvmlDownWhenDestroyed) {
  auto first = load_ok();
  auto second = load_ok();  // NVML counts initialisations: both are live
  first.reset();
  ASSERT_TRUE(second->device_by_pci_bus_id("00000000:01:00.0").ok()) << "the second user lost NVML";
  second.reset();
  // Only when every user called nvmlShutdown does the next nvmlInit start afresh (and see this error).
  use(R"({"init_error": "DRIVER_NOT_LOADED", "gpus": []})");
  EXPECT_FALSE(NvmlLibrary::load(test::nvml_shim_path().string()).library);
}

}  // namespace
}  // namespace dcm::exporter::nvml
