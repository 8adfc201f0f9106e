#include "exporter/collectors/pcie_bar.hpp"

#include <filesystem>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exporter/collector_table.hpp"
#include "exporter/gpu/bar_reader.hpp"
#include "exporter/gpu/device_table.hpp"
#include "exporter/gpu/gpu_error_tracker.hpp"
#include "tests/support/fixture_tree.hpp"
#include "tests/support/paths.hpp"
#include "tests/unit/exporter/collectors/gpu_fixture.hpp"

namespace dcm::exporter::collectors {
namespace {

constexpr std::string_view kLabels4090 =
    R"({gpu="0",UUID="GPU-3f1c0e6e-6c2b-4d4f-9a4e-40900000a001",pci_bus_id="00000000:01:00.0",device="nvidia0",)"
    R"(modelName="NVIDIA GeForce RTX 4090",Hostname="gpu-worker-07"})";
constexpr std::string_view kLabels3090 =
    R"({gpu="2",UUID="GPU-7a8b9c0d-1e2f-4a5b-8c7d-30900000b001",pci_bus_id="00000000:41:00.0",device="nvidia2",)"
    R"(modelName="NVIDIA GeForce RTX 3090",Hostname="gpu-worker-07"})";

std::string line(std::string_view metric, std::string_view labels, std::string_view value) {
  return std::string(metric) + std::string(labels) + " " + std::string(value) + "\n";
}

std::string errors_line(std::string_view bus_id, int count) {
  return "dc_exporter_gpu_errors_total{collector=\"pcie_bar\",pci_bus_id=\"" + std::string(bus_id) + "\"} " +
         std::to_string(count) + "\n";
}

void write_register(const std::filesystem::path& file, std::uint32_t offset, std::uint32_t value) {
  test::RegisterSpec spec;
  spec.size = std::filesystem::file_size(file);
  spec.registers = {{gpu::kVramTempOffsetGa102, 0x880}, {gpu::kHotspotOffset, 0x4E00}, {offset, value}};
  test::write_bar_file(file, spec);
}

// ---- decode
// ------------------------------------------------------------------------------------------------

TEST(DecodeVramTemp, IsLowTwelveBitsInThirtySecondsOfADegree) {
  struct Case {
    std::uint32_t reg;
    std::optional<double> celsius;
  };
  for (const auto& c : std::vector<Case>{
           {0x00000A90, 84.5},
           {0x00000B80, 92.0},
           {0x1F0008D0, 70.5},  // upper bits are not part of the reading
           {0x00000000, 0.0},
           {0x00000001, 1.0 / 32},
           {0x00000FDF, 126.96875},     // highest valid value
           {0x00000FE0, std::nullopt},  // 127 °C: out of range
           {0x00000FFF, std::nullopt},
           {0xFFFFFFFF, std::nullopt},  // GPU gone from the bus
       }) {
    EXPECT_EQ(decode_vram_temp(c.reg), c.celsius) << std::hex << c.reg;
  }
}

TEST(DecodeHotspot, IsBitsEightToFifteenValidBelow0x7F) {
  struct Case {
    std::uint32_t reg;
    std::optional<double> celsius;
  };
  for (const auto& c : std::vector<Case>{
           {0x00004E00, 78.0},
           {0x00A5481C, 72.0},  // other bytes are not part of the reading
           {0x00000000, 0.0},
           {0x00007E00, 126.0},
           {0x00007F00, std::nullopt},  // the sensor's "no reading"
           {0x0000FF00, std::nullopt},
           {0xFFFFFFFF, std::nullopt},
       }) {
    EXPECT_EQ(decode_hotspot(c.reg), c.celsius) << std::hex << c.reg;
  }
}

// ---- BarReader
// ---------------------------------------------------------------------------------------------

TEST(BarReader, ReadsLittleEndianRegistersFromASparseFile) {
  test::TempDir dir;
  test::RegisterSpec spec;
  spec.size = 0x30000;
  spec.registers = {{0x0, 0x12345678}, {0xE2A8, 0xA90}, {0x2046C, 0xDEADBEEF}, {0x2FFFC, 0x1}};
  test::write_bar_file(dir / "resource0", spec);
  gpu::BarReader bar(dir / "resource0");
  EXPECT_EQ(bar.size(), 0x30000u);
  for (const auto& [offset, value] : spec.registers) {
    auto read = bar.read32(static_cast<std::uint32_t>(offset));
    ASSERT_TRUE(read.ok()) << read.error;
    EXPECT_EQ(read.value, value);
  }
  EXPECT_EQ(bar.read32(0x1000).value, 0u);  // a hole reads as zero
}

TEST(BarReader, RefusesRegistersBeyondTheEndOfTheFileInsteadOfFaulting) {
  test::TempDir dir;
  test::write_file(dir / "resource0", std::string(0x2046E, '\0'));  // two bytes short of the hotspot register
  gpu::BarReader bar(dir / "resource0");
  auto read = bar.read32(gpu::kHotspotOffset);
  EXPECT_EQ(read.status, gpu::RegisterRead::Status::kOutOfRange);
  EXPECT_NE(read.error.find("0x2046C lies beyond the end of the file (132206 bytes)"), std::string::npos)
      << read.error;
  EXPECT_TRUE(bar.read32(0xE2A8).ok());
  EXPECT_EQ(bar.read32(0xE2AA).status, gpu::RegisterRead::Status::kOutOfRange);  // not 4-byte aligned
}

TEST(BarReader, MissingFileIsAFailureThatNamesTheCall) {
  test::TempDir dir;
  gpu::BarReader bar(dir / "resource0");
  auto read = bar.read32(0);
  EXPECT_EQ(read.status, gpu::RegisterRead::Status::kFailed);
  EXPECT_EQ(read.error, "open: No such file or directory");
}

TEST(BarReader, UnreadableFileIsAccessDenied) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "running as root: file permissions do not stop root, so EACCES cannot be provoked here";
  }
  test::TempDir dir;
  test::write_bar_file(dir / "resource0", test::RegisterSpec{});
  std::filesystem::permissions(dir / "resource0", std::filesystem::perms::none);
  gpu::BarReader bar(dir / "resource0");
  auto read = bar.read32(0xE2A8);
  EXPECT_EQ(read.status, gpu::RegisterRead::Status::kDenied);
  EXPECT_EQ(read.error, "open: Permission denied");
}

// ---- collector
// ---------------------------------------------------------------------------------------------

TEST(PcieBarCollector, ReportsVramAndHotspotOfTheRtxBoards) {
  EightGpuFixture f;
  auto collector = make_pcie_bar_collector(f.context());
  EXPECT_EQ(collector->name(), "pcie_bar");
  CollectStatus status;
  auto text = EightGpuFixture::collect(*collector, &status);
  EXPECT_TRUE(status.ok) << status.error;

  EXPECT_TRUE(contains(text, line("DCGM_FI_DEV_VRAM_TEMP", kLabels4090, "70.5"))) << text;
  EXPECT_TRUE(contains(text, line("DCGM_FI_DEV_HOT_SPOT_TEMP", kLabels4090, "72"))) << text;
  EXPECT_TRUE(contains(text, line("DCGM_FI_DEV_VRAM_TEMP", kLabels3090, "84.5"))) << text;
  EXPECT_TRUE(contains(text, line("DCGM_FI_DEV_HOT_SPOT_TEMP", kLabels3090, "78"))) << text;
  EXPECT_TRUE(
      contains(text,
               "DCGM_FI_DEV_VRAM_TEMP{gpu=\"3\",UUID=\"GPU-7a8b9c0d-1e2f-4a5b-8c7d-30900000b002\","
               "pci_bus_id=\"00000000:61:00.0\",device=\"nvidia3\",modelName=\"NVIDIA GeForce RTX 3090\","
               "Hostname=\"gpu-worker-07\"} 92\n"))
      << text;
  EXPECT_EQ(count_of(text, "\nDCGM_FI_DEV_VRAM_TEMP{"), 4u) << text;  // the four RTX boards bound to nvidia
  EXPECT_TRUE(
      contains(text, "# HELP DCGM_FI_DEV_VRAM_TEMP VRAM (GDDR6X/HBM) temperature in degrees Celsius"));
  EXPECT_TRUE(contains(text, "# TYPE DCGM_FI_DEV_HOT_SPOT_TEMP gauge\n"));
  // The A100s have no BAR registers (NVML reports their HBM), the RTX 3090 on vfio-pci is not ours to touch.
  for (const char* absent :
       {"00000000:81:00.0", "00000000:A1:00.0", "00000000:C1:00.0", "00000000:E1:00.0"}) {
    EXPECT_FALSE(contains(text, absent)) << absent;
  }
  EXPECT_TRUE(contains(text, "# HELP dc_exporter_gpu_errors_total " + std::string(gpu::kGpuErrorsHelp) +
                                 "\n# TYPE dc_exporter_gpu_errors_total counter\n"));
  for (const char* bus_id :
       {"00000000:01:00.0", "00000000:21:00.0", "00000000:41:00.0", "00000000:61:00.0"}) {
    EXPECT_TRUE(contains(text, errors_line(bus_id, 0))) << bus_id << "\n" << text;
  }
  EXPECT_TRUE(f.log().empty()) << f.log();
}

TEST(PcieBarCollector, OmitsAnInvalidHotspotWithoutCountingAnError) {
  EightGpuFixture f;
  auto collector = make_pcie_bar_collector(f.context());
  auto text = EightGpuFixture::collect(*collector);
  EXPECT_TRUE(contains(text, "DCGM_FI_DEV_VRAM_TEMP{gpu=\"1\",")) << text;  // 0000:21:00.0 hotspot reads 0x7F
  EXPECT_FALSE(contains(text, "DCGM_FI_DEV_HOT_SPOT_TEMP{gpu=\"1\",")) << text;
  EXPECT_EQ(count_of(text, "\nDCGM_FI_DEV_HOT_SPOT_TEMP{"), 3u) << text;
  EXPECT_TRUE(contains(text, errors_line("00000000:21:00.0", 0))) << text;
}

TEST(PcieBarCollector, TruncatedBarFileIsAnErrorForThatGpuOnly) {
  EightGpuFixture f;
  std::filesystem::resize_file(f.device("0000:41:00.0") / "resource0",
                               0x10000);  // VRAM fits, hotspot does not
  std::filesystem::resize_file(f.device("0000:61:00.0") / "resource0", 0x1000);  // neither fits
  auto collector = make_pcie_bar_collector(f.context());
  auto first = EightGpuFixture::collect(*collector);
  auto second = EightGpuFixture::collect(*collector);

  EXPECT_FALSE(contains(second, "pci_bus_id=\"00000000:41:00.0\",device"))
      << second;  // all its series dropped
  EXPECT_FALSE(contains(second, "pci_bus_id=\"00000000:61:00.0\",device")) << second;
  EXPECT_TRUE(contains(second, errors_line("00000000:41:00.0", 2))) << second;  // counted on every collection
  EXPECT_TRUE(contains(second, errors_line("00000000:61:00.0", 2))) << second;
  EXPECT_TRUE(contains(second, line("DCGM_FI_DEV_VRAM_TEMP", kLabels4090, "70.5"))) << second;
  EXPECT_TRUE(contains(second, errors_line("00000000:01:00.0", 0))) << second;

  // Logged once per GPU, naming the file as it is on the host, not per collection.
  const auto log = f.log();
  EXPECT_EQ(count_of(log, "\n"), 2u) << log;
  EXPECT_TRUE(
      contains(log,
               "warning test [collector=pcie_bar]: GPU 0000:41:00.0: /sys/bus/pci/devices/0000:41:00.0/"
               "resource0: register 0x2046C lies beyond the end of the file (65536 bytes)\n"))
      << log;
  EXPECT_TRUE(contains(log,
                       "GPU 0000:61:00.0: /sys/bus/pci/devices/0000:61:00.0/resource0: register 0xE2A8 lies "
                       "beyond the end of the file (4096 bytes)\n"))
      << log;
}

TEST(PcieBarCollector, AllOnesMeansTheGpuFellOffTheBus) {
  EightGpuFixture f;
  const auto bar = f.device("0000:61:00.0") / "resource0";
  write_register(bar, gpu::kVramTempOffsetGa102, 0xFFFFFFFF);
  auto collector = make_pcie_bar_collector(f.context());
  auto text = EightGpuFixture::collect(*collector);
  EXPECT_FALSE(contains(text, "pci_bus_id=\"00000000:61:00.0\",device")) << text;
  EXPECT_TRUE(contains(text, errors_line("00000000:61:00.0", 1))) << text;
  EXPECT_TRUE(contains(f.log(),
                       "GPU 0000:61:00.0: /sys/bus/pci/devices/0000:61:00.0/resource0: VRAM temperature "
                       "register reads 0xFFFFFFFF (GPU fell off the bus?)"))
      << f.log();

  // Back on the bus: its series return, the count stays, and the recovery is logged once.
  write_register(bar, gpu::kVramTempOffsetGa102, 0xB80);
  text = EightGpuFixture::collect(*collector);
  EXPECT_TRUE(contains(text,
                       "pci_bus_id=\"00000000:61:00.0\",device=\"nvidia3\",modelName=\"NVIDIA GeForce RTX "
                       "3090\",Hostname=\"gpu-worker-07\"} 92\n"))
      << text;
  EXPECT_TRUE(contains(text, errors_line("00000000:61:00.0", 1))) << text;
  EXPECT_TRUE(contains(f.log(), "info test [collector=pcie_bar]: GPU 0000:61:00.0: reads again\n"))
      << f.log();

  write_register(bar, gpu::kHotspotOffset, 0xFFFFFFFF);
  text = EightGpuFixture::collect(*collector);
  EXPECT_TRUE(contains(text, errors_line("00000000:61:00.0", 2))) << text;
  EXPECT_TRUE(contains(f.log(), "resource0: hotspot register reads 0xFFFFFFFF")) << f.log();
}

TEST(PcieBarCollector, VramTemperatureOutOfRangeIsAnError) {
  EightGpuFixture f;
  write_register(f.device("0000:41:00.0") / "resource0", gpu::kVramTempOffsetGa102, 0xFF0);
  auto collector = make_pcie_bar_collector(f.context());
  auto text = EightGpuFixture::collect(*collector);
  EXPECT_FALSE(contains(text, "pci_bus_id=\"00000000:41:00.0\",device")) << text;
  EXPECT_TRUE(contains(text, errors_line("00000000:41:00.0", 1))) << text;
  EXPECT_TRUE(contains(f.log(), "register 0xE2A8 out of range (127 °C or more)")) << f.log();
}

TEST(PcieBarCollector, MissingBarFileIsAnErrorForThatGpu) {
  EightGpuFixture f;
  std::filesystem::remove(f.device("0000:01:00.0") / "resource0");
  auto collector = make_pcie_bar_collector(f.context());
  CollectStatus status;
  auto text = EightGpuFixture::collect(*collector, &status);
  EXPECT_TRUE(status.ok) << "one bad GPU is not a failed collector";
  EXPECT_TRUE(contains(text, errors_line("00000000:01:00.0", 1))) << text;
  EXPECT_TRUE(contains(f.log(),
                       "GPU 0000:01:00.0: /sys/bus/pci/devices/0000:01:00.0/resource0: open: No such file "
                       "or directory"))
      << f.log();
  EXPECT_EQ(count_of(text, "\nDCGM_FI_DEV_VRAM_TEMP{"), 3u) << text;
}

TEST(PcieBarCollector, PermissionDeniedFailsTheCollectorWithOneExplanation) {
  if (::geteuid() == 0) {
    GTEST_SKIP()
        << "running as root: chmod 000 does not stop root, so the EACCES path cannot be provoked here "
           "(BarReader.UnreadableFileIsAccessDenied covers the same classification as a non-root user)";
  }
  EightGpuFixture f;
  for (const char* bdf : {"0000:01:00.0", "0000:21:00.0", "0000:41:00.0", "0000:61:00.0"}) {
    std::filesystem::permissions(f.device(bdf) / "resource0", std::filesystem::perms::none);
  }
  auto collector = make_pcie_bar_collector(f.context());
  CollectStatus first, second;
  EightGpuFixture::collect(*collector, &first);
  auto text = EightGpuFixture::collect(*collector, &second);
  EXPECT_FALSE(first.ok);
  EXPECT_EQ(first.error,
            "/sys/bus/pci/devices/0000:01:00.0/resource0: open: Permission denied (and 3 more GPUs): access "
            "refused; "
            "reading GPU temperatures from BAR0 needs root and, on kernels with CONFIG_IO_STRICT_DEVMEM, the "
            "kernel "
            "parameter iomem=relaxed");
  EXPECT_EQ(second.error, first.error);  // stable, so the runner logs it once
  EXPECT_TRUE(f.log().empty()) << "not also logged per GPU: " << f.log();
  EXPECT_TRUE(contains(text, errors_line("00000000:01:00.0", 0))) << "a host setting is not a GPU error";
}

TEST(PcieBarCollector, ExportsOnlyTheMetricsTheConfigAsksFor) {
  EightGpuFixture f;
  f.config.gpu.metrics.erase(std::string(metric::kVramTemp));
  auto collector = make_pcie_bar_collector(f.context());
  auto text = EightGpuFixture::collect(*collector);
  EXPECT_FALSE(contains(text, "DCGM_FI_DEV_VRAM_TEMP")) << text;
  EXPECT_EQ(count_of(text, "\nDCGM_FI_DEV_HOT_SPOT_TEMP{"), 3u) << text;
}

TEST(PcieBarCollector, IsInTheCollectorTableWhenVramOrHotspotIsExported) {
  EightGpuFixture f;
  auto names = [&f] {
    std::vector<std::string> out;
    for (const auto& collector : make_collectors(f.context())) {
      out.emplace_back(collector->name());
    }
    return out;
  };
  auto has = [](const std::vector<std::string>& list, const char* name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  EXPECT_TRUE(has(names(), "pcie_bar"));
  f.config.gpu.metrics.erase(std::string(metric::kVramTemp));
  EXPECT_TRUE(has(names(), "pcie_bar"));
  f.config.gpu.metrics.erase(std::string(metric::kHotSpotTemp));
  EXPECT_FALSE(has(names(), "pcie_bar"));
}

}  // namespace
}  // namespace dcm::exporter::collectors
