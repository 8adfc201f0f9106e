// The NVML collector against the NVML shim (tests/support/nvml_shim) serving the eight_gpus fixture's
// nvml.json: 7 usable GPUs, 0000:a1:00.0 lost, fans only on the GeForce boards, HBM temperature on the A100s.
#include "exporter/collectors/nvml.hpp"

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/metrics/text_writer.hpp"
#include "exporter/gpu/pci_discovery.hpp"
#include "tests/support/nvml_shim/nvml_shim_paths.hpp"
#include "tests/support/paths.hpp"

namespace dcm::exporter::collectors {
namespace {

constexpr std::string_view kAllNvmlMetrics = R"ini([gpu]
enabled=1
DCGM_FI_DEV_GPU_TEMP
DCGM_FI_DEV_POWER_USAGE
DCGM_FI_DEV_FAN_SPEED
DCGM_FI_DEV_CLOCKS_THROTTLE_REASON
DCGM_FI_DEV_VRAM_TEMP
)ini";

nlohmann::json fixture_description() {
  return nlohmann::json::parse(test::read_file(test::fixture_path("exporter/eight_gpus/nvml.json")));
}

// Writes the shim's description as a new file (new inode), so a running shim notices the change.
void write_description(const std::filesystem::path& path, const nlohmann::json& description) {
  test::write_file(path.string() + ".new", description.dump(2));
  std::filesystem::rename(path.string() + ".new", path);
}

class NvmlCollectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shim_config_ = dir_ / "nvml.json";
    write_description(shim_config_, fixture_description());
    ::setenv(test::kNvmlShimConfigEnv, shim_config_.c_str(), 1);
    inventory_.set(
        std::make_shared<const gpu::GpuInventory>(gpu::discover_gpus(sysfs_, procfs_, "gpu-worker-07")));
  }
  void TearDown() override { ::unsetenv(test::kNvmlShimConfigEnv); }

  std::shared_ptr<Collector> make(std::string_view config_text = kAllNvmlMetrics,
                                  std::string library = test::nvml_shim_path().string()) {
    config_ = parse_config(config_text, "config.ini");
    library_ = std::move(library);
    context_ = std::make_unique<CollectorContext>(CollectorContext{config_,
                                                                   sysfs_,
                                                                   procfs_,
                                                                   clock_,
                                                                   inventory_,
                                                                   "gpu-worker-07",
                                                                   library_,
                                                                   IpmiTarget{},
                                                                   core::log::null_logger()});
    return make_nvml_collector(*context_);
  }

  // Collects once; expects success and returns the exposition.
  std::string collect_ok(Collector& collector) {
    core::metrics::MetricSet out;
    auto status = collector.collect(out);
    EXPECT_TRUE(status.ok) << status.error;
    return core::metrics::TextWriter::write(out);
  }

  test::TempDir dir_;
  std::filesystem::path shim_config_;
  core::sys::FsRoot sysfs_{test::fixture_path("exporter/eight_gpus/sysfs")};
  core::sys::FsRoot procfs_{test::fixture_path("exporter/eight_gpus/procfs")};
  core::sys::FakeClock clock_;
  InventoryHolder inventory_;
  ExporterConfig config_;
  std::string library_;
  std::unique_ptr<CollectorContext> context_;
};

// The sample lines of the exposition that carry `needle`, in order.
std::vector<std::string> lines_with(const std::string& exposition, const std::string& needle) {
  std::vector<std::string> found;
  std::istringstream in(exposition);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("#") && line.find(needle) != std::string::npos) {
      found.push_back(line);
    }
  }
  return found;
}

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST(ThrottleReasons, AreTheNineNvmlBitsInOrder) {
  auto reasons = throttle_reasons();
  ASSERT_EQ(reasons.size(), 9u);
  const char* names[] = {"GpuIdle",
                         "ApplicationsClocksSetting",
                         "SwPowerCap",
                         "HwSlowdown",
                         "SyncBoost",
                         "SwThermalSlowdown",
                         "HwThermalSlowdown",
                         "HwPowerBrakeSlowdown",
                         "DisplayClockSetting"};
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    EXPECT_EQ(reasons[i].bit, 1ULL << i);
    EXPECT_EQ(reasons[i].name, names[i]);
  }
}

TEST(FieldValueAsDouble, ReadsEveryValueType) {
  nvml::nvmlFieldValue_t field{};
  field.valueType = nvml::NVML_VALUE_TYPE_UNSIGNED_INT;
  field.value.uiVal = 61;
  EXPECT_EQ(field_value_as_double(field), 61.0);
  field.valueType = nvml::NVML_VALUE_TYPE_DOUBLE;
  field.value.dVal = 61.5;
  EXPECT_EQ(field_value_as_double(field), 61.5);
  field.valueType = nvml::NVML_VALUE_TYPE_SIGNED_INT;
  field.value.siVal = -3;
  EXPECT_EQ(field_value_as_double(field), -3.0);
  field.valueType = nvml::NVML_VALUE_TYPE_UNSIGNED_LONG_LONG;
  field.value.ullVal = 1ULL << 40;
  EXPECT_EQ(field_value_as_double(field), 1099511627776.0);
  field.valueType = nvml::NVML_VALUE_TYPE_SIGNED_LONG_LONG;
  field.value.sllVal = -7;
  EXPECT_EQ(field_value_as_double(field), -7.0);
  field.valueType = nvml::NVML_VALUE_TYPE_UNSIGNED_SHORT;
  field.value.usVal = 40;
  EXPECT_EQ(field_value_as_double(field), 40.0);
  field.valueType = static_cast<nvml::nvmlValueType_t>(42);
  EXPECT_FALSE(field_value_as_double(field).has_value());
}

TEST_F(NvmlCollectorTest, ExportsExactlyTheSeriesOfOneGpu) {
  auto collector = make();
  EXPECT_EQ(collector->name(), "nvml");
  auto text = collect_ok(*collector);
  const std::string labels =
      R"(gpu="0",UUID="GPU-3f1c0e6e-6c2b-4d4f-9a4e-40900000a001",pci_bus_id="00000000:01:00.0",device="nvidia0",)"
      R"(modelName="NVIDIA GeForce RTX 4090",Hostname="gpu-worker-07")";
  auto throttle = [&](const char* reason, int value) {
    return "DCGM_FI_DEV_CLOCKS_THROTTLE_REASON{" + labels + ",reason=\"" + reason + "\"} " +
           std::to_string(value);
  };
  // Families come sorted by name, samples in GPU order.
  std::vector<std::string> expected{
      throttle("GpuIdle", 0),
      throttle("ApplicationsClocksSetting", 0),
      throttle("SwPowerCap", 1),
      throttle("HwSlowdown", 0),
      throttle("SyncBoost", 0),
      throttle("SwThermalSlowdown", 0),
      throttle("HwThermalSlowdown", 0),
      throttle("HwPowerBrakeSlowdown", 0),
      throttle("DisplayClockSetting", 0),
      "DCGM_FI_DEV_FAN_SPEED{" + labels + "} 62",
      "DCGM_FI_DEV_GPU_TEMP{" + labels + "} 67",
      "DCGM_FI_DEV_POWER_USAGE{" + labels + "} 449.87",
      R"(dc_exporter_gpu_errors_total{collector="nvml",pci_bus_id="00000000:01:00.0"} 0)",
  };
  EXPECT_EQ(lines_with(text, R"(pci_bus_id="00000000:01:00.0")"), expected);
  EXPECT_TRUE(contains(text, "# TYPE DCGM_FI_DEV_CLOCKS_THROTTLE_REASON gauge\n"));
  EXPECT_TRUE(contains(text, "# TYPE dc_exporter_gpu_errors_total counter\n"));
  EXPECT_TRUE(contains(text, "# HELP dc_exporter_gpu_errors_total Collections since dc-exporter started"));
}

TEST_F(NvmlCollectorTest, HardwareThermalSlowdownShowsOnTheHotRtx3090) {
  auto text = collect_ok(*make());
  auto hot = lines_with(text, R"(pci_bus_id="00000000:41:00.0")");
  std::vector<std::string> active;
  for (const auto& line : hot) {
    if (line.starts_with("DCGM_FI_DEV_CLOCKS_THROTTLE_REASON") && line.ends_with("} 1")) {
      active.push_back(line.substr(line.find("reason=")));
    }
  }
  EXPECT_EQ(active,
            (std::vector<std::string>{R"(reason="HwSlowdown"} 1)", R"(reason="HwThermalSlowdown"} 1)"}));
}

TEST_F(NvmlCollectorTest, LostGpuIsDroppedAndCountedWhileTheOthersContinue) {
  auto collector = make();
  for (int round = 1; round <= 2; ++round) {
    auto text = collect_ok(*collector);
    EXPECT_EQ(lines_with(text, R"(pci_bus_id="00000000:A1:00.0")"),
              std::vector<std::string>{
                  R"(dc_exporter_gpu_errors_total{collector="nvml",pci_bus_id="00000000:A1:00.0"} )" +
                  std::to_string(round)})
        << text;
    EXPECT_EQ(lines_with(text, "DCGM_FI_DEV_GPU_TEMP{").size(), 6u) << text;
    EXPECT_TRUE(
        contains(text, R"(pci_bus_id="00000000:C1:00.0",device="nvidia6",modelName="NVIDIA A100-SXM4-80GB",)"
                       R"(Hostname="gpu-worker-07"} 33)"))
        << text;
  }
}

TEST_F(NvmlCollectorTest, GpuThatAnswersAgainGetsItsSeriesBackAndKeepsItsCount) {
  auto collector = make();
  collect_ok(*collector);
  auto description = fixture_description();
  for (auto& gpu : description["gpus"]) {
    gpu.erase("error");
  }
  write_description(shim_config_, description);
  auto text = collect_ok(*collector);
  EXPECT_TRUE(contains(text,
                       R"(pci_bus_id="00000000:A1:00.0",device="nvidia5",modelName="NVIDIA A100-SXM4-80GB",)"
                       R"(Hostname="gpu-worker-07"} 49)"))
      << text;
  EXPECT_TRUE(
      contains(text, R"(dc_exporter_gpu_errors_total{collector="nvml",pci_bus_id="00000000:A1:00.0"} 1)"));
}

TEST_F(NvmlCollectorTest, GpuUnknownToNvmlIsCountedAsFailing) {
  auto description = fixture_description();
  description["gpus"].erase(0);  // 0000:01:00.0 is bound to nvidia in sysfs, but NVML does not list it
  write_description(shim_config_, description);
  auto text = collect_ok(*make());
  EXPECT_EQ(lines_with(text, R"(pci_bus_id="00000000:01:00.0")"),
            std::vector<std::string>{
                R"(dc_exporter_gpu_errors_total{collector="nvml",pci_bus_id="00000000:01:00.0"} 1)"});
}

TEST_F(NvmlCollectorTest, FanIsAbsentWhereNvmlReportsNone) {
  auto text = collect_ok(*make());
  auto fans = lines_with(text, "DCGM_FI_DEV_FAN_SPEED{");
  ASSERT_EQ(fans.size(), 4u) << text;  // the four GeForce boards; the A100 SXM4s are chassis-cooled
  for (const auto& line : fans) {
    EXPECT_TRUE(contains(line, "GeForce")) << line;
  }
  EXPECT_EQ(lines_with(text, R"(DCGM_FI_DEV_GPU_TEMP{gpu="4")").size(), 1u);
}

TEST_F(NvmlCollectorTest, VramTemperatureOnlyForGpusWithoutABar0Sensor) {
  // Every GPU reports a memory temperature; only the HBM parts (and ids the device table does not know) may
  // export it here, or the GDDR6X boards would get a second series next to the pcie_bar collector's.
  auto description = fixture_description();
  for (auto& gpu : description["gpus"]) {
    gpu["memory_temp"] = 90;
  }
  description["gpus"][4]["memory_temp"] = 61;
  write_description(shim_config_, description);
  auto inventory = *inventory_.get();
  inventory.devices[1].device_id = 0x2bff;  // 0000:21:00.0 as a board the device table does not know
  inventory_.set(std::make_shared<const gpu::GpuInventory>(inventory));

  auto vram = lines_with(collect_ok(*make()), "DCGM_FI_DEV_VRAM_TEMP{");
  ASSERT_EQ(vram.size(), 3u);
  EXPECT_TRUE(
      vram[0].starts_with(R"(DCGM_FI_DEV_VRAM_TEMP{gpu="1",UUID="GPU-3f1c0e6e-6c2b-4d4f-9a4e-40900000a002")"))
      << vram[0];
  EXPECT_TRUE(vram[0].ends_with("} 90"));
  EXPECT_TRUE(contains(vram[1], R"(pci_bus_id="00000000:81:00.0")") && vram[1].ends_with("} 61")) << vram[1];
  EXPECT_TRUE(contains(vram[2], R"(pci_bus_id="00000000:C1:00.0")") && vram[2].ends_with("} 90")) << vram[2];
}

TEST_F(NvmlCollectorTest, UnsupportedMemoryTemperatureIsSkippedSilently) {
  auto description = fixture_description();
  description["gpus"][4]["memory_temp"] = nullptr;
  write_description(shim_config_, description);
  auto text = collect_ok(*make());
  auto vram = lines_with(text, "DCGM_FI_DEV_VRAM_TEMP{");
  ASSERT_EQ(vram.size(), 1u);
  EXPECT_TRUE(contains(vram[0], R"(pci_bus_id="00000000:C1:00.0")") && vram[0].ends_with("} 38")) << vram[0];
  EXPECT_TRUE(
      contains(text, R"(dc_exporter_gpu_errors_total{collector="nvml",pci_bus_id="00000000:81:00.0"} 0)"));
}

TEST_F(NvmlCollectorTest, ExportsOnlyTheConfiguredMetrics) {
  auto text = collect_ok(*make("[gpu]\nenabled=1\nDCGM_FI_DEV_FAN_SPEED\n"));
  EXPECT_EQ(lines_with(text, "DCGM_FI_DEV_FAN_SPEED{").size(), 4u);
  EXPECT_FALSE(contains(text, "DCGM_FI_DEV_GPU_TEMP"));
  EXPECT_FALSE(contains(text, "DCGM_FI_DEV_POWER_USAGE"));
  EXPECT_FALSE(contains(text, "DCGM_FI_DEV_CLOCKS_THROTTLE_REASON"));
  EXPECT_FALSE(contains(text, "DCGM_FI_DEV_VRAM_TEMP"));
}

TEST_F(NvmlCollectorTest, MissingLibraryFailsWithTheReasonAndExportsNothing) {
  auto collector = make(kAllNvmlMetrics, (dir_ / "libnvidia-ml.so.1").string());
  core::metrics::MetricSet out;
  auto status = collector->collect(out);
  EXPECT_FALSE(status.ok);
  EXPECT_TRUE(contains(status.error, (dir_ / "libnvidia-ml.so.1").string())) << status.error;
  EXPECT_TRUE(contains(status.error, "No such file or directory")) << status.error;
  EXPECT_EQ(status.error.find('\n'), std::string::npos);
  EXPECT_TRUE(out.empty());
}

TEST_F(NvmlCollectorTest, MissingSymbolForAnExportedMetricFailsNamingIt) {
  auto collector = make(kAllNvmlMetrics, test::nvml_shim_path(test::kNvmlShimMinimal).string());
  core::metrics::MetricSet out;
  auto status = collector->collect(out);
  EXPECT_FALSE(status.ok);
  EXPECT_TRUE(
      contains(status.error, "symbol nvmlDeviceGetFieldValues not found (needed for DCGM_FI_DEV_VRAM_TEMP"))
      << status.error;
  EXPECT_TRUE(out.empty());
}

TEST_F(NvmlCollectorTest, OldDriverServesWhatItHasThroughTheOlderThrottleCall) {
  auto collector = make("[gpu]\nenabled=1\nDCGM_FI_DEV_CLOCKS_THROTTLE_REASON\nDCGM_FI_DEV_GPU_TEMP\n",
                        test::nvml_shim_path(test::kNvmlShimMinimal).string());
  auto text = collect_ok(*collector);
  EXPECT_EQ(lines_with(text, "DCGM_FI_DEV_CLOCKS_THROTTLE_REASON{").size(), 6u * 9u);
  EXPECT_TRUE(
      contains(text, R"(pci_bus_id="00000000:01:00.0",device="nvidia0",modelName="NVIDIA GeForce RTX 4090",)"
                     R"(Hostname="gpu-worker-07",reason="SwPowerCap"} 1)"))
      << text;
}

TEST_F(NvmlCollectorTest, NoUsableGpuSucceedsWithoutLoadingNvml) {
  auto inventory = *inventory_.get();
  std::erase_if(inventory.devices, [](const gpu::GpuDevice& gpu) { return gpu.usable(); });
  ASSERT_EQ(inventory.devices.size(), 1u);  // the RTX 3090 bound to vfio-pci
  inventory_.set(std::make_shared<const gpu::GpuInventory>(inventory));
  // A library path that cannot load: had the collector tried, it would have failed.
  auto collector = make(kAllNvmlMetrics, (dir_ / "missing.so").string());
  core::metrics::MetricSet out;
  auto status = collector->collect(out);
  EXPECT_TRUE(status.ok) << status.error;
  EXPECT_TRUE(out.empty());
}

TEST_F(NvmlCollectorTest, FailedInitIsRetriedAtMostOnceAMinute) {
  auto description = fixture_description();
  description["init_error"] = "DRIVER_NOT_LOADED";
  write_description(shim_config_, description);
  auto collector = make();
  core::metrics::MetricSet out;
  auto status = collector->collect(out);
  EXPECT_FALSE(status.ok);
  EXPECT_TRUE(contains(status.error, "nvmlInit_v2 failed: Driver Not Loaded")) << status.error;

  description["init_error"] = nullptr;  // the driver comes up
  write_description(shim_config_, description);
  clock_.advance(std::chrono::seconds(59));
  status = collector->collect(out);
  EXPECT_FALSE(status.ok) << "retried before a minute passed";
  EXPECT_TRUE(contains(status.error, "Driver Not Loaded"));
  EXPECT_TRUE(out.empty());

  clock_.advance(std::chrono::seconds(2));
  auto text = collect_ok(*collector);
  EXPECT_EQ(lines_with(text, "DCGM_FI_DEV_GPU_TEMP{").size(), 6u);
}

TEST_F(NvmlCollectorTest, DriverMismatchMakesTheCollectorFailNotTheGpus) {
  auto collector = make();
  collect_ok(*collector);
  auto description = fixture_description();
  for (auto& gpu : description["gpus"]) {
    gpu["error"] = "LIB_RM_VERSION_MISMATCH";  // the driver was upgraded under a running exporter
  }
  write_description(shim_config_, description);
  core::metrics::MetricSet out;
  auto status = collector->collect(out);
  EXPECT_FALSE(status.ok);
  EXPECT_TRUE(contains(status.error, "Driver/library version mismatch")) << status.error;
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace dcm::exporter::collectors
