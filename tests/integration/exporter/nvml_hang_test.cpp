// dc-exporter with a GPU whose NVML calls never return (as when a GPU falls off the bus): the real binary on
// the eight_gpus fixture, NVML served by the shim (tests/support/nvml_shim), interval and timeout 1 s.
#include <chrono>
#include <csignal>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/nvml_shim/nvml_shim_paths.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {
namespace {

constexpr std::string_view kConfig = R"ini([agent]
machine_id=auto
interval=1
collector_timeout=1

[gpu]
enabled=1
DCGM_FI_DEV_VRAM_TEMP
DCGM_FI_DEV_FAN_SPEED
DCGM_FI_DEV_CLOCKS_THROTTLE_REASON
DCGM_FI_DEV_GPU_TEMP
DCGM_FI_DEV_POWER_USAGE

[system]
enabled=1
SYS_LOAD_AVG
SYS_MEM_USED

[ipmi]
enabled=0
)ini";

// c1:00.0, the last usable GPU: the collector reads the others first, then blocks on it.
constexpr int kHangingGpu = 6;

bool contains(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

nlohmann::json fixture_description() {
  return nlohmann::json::parse(read_file(fixture_path("exporter/eight_gpus/nvml.json")));
}

// A new file (new inode), so the running shim notices the change.
void write_description(const std::filesystem::path& path, const nlohmann::json& description) {
  write_file(path.string() + ".new", description.dump(2));
  std::filesystem::rename(path.string() + ".new", path);
}

// Scrapes /metrics until `done` holds for the body or `limit` passes; returns the last body that held.
std::optional<std::string> scrape_until(int port, const std::function<bool(const std::string&)>& done,
                                        std::chrono::seconds limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto body = http_get("127.0.0.1", port, "/metrics"); body && done(*body)) {
      return body;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return std::nullopt;
}

// The value of the sample line that starts with `series` ("name{labels}"); nullopt when absent.
std::optional<double> sample(const std::string& exposition, const std::string& series) {
  std::istringstream in(exposition);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(series + " ")) {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return std::nullopt;
}

std::vector<std::string> exporter_argv(const TempDir& dir, int port) {
  return {binary_path("dc-exporter").string(),
          "--config",
          (dir / "config.ini").string(),
          "--listen",
          "127.0.0.1:" + std::to_string(port),
          "--sysfs-root",
          fixture_path("exporter/eight_gpus/sysfs").string(),
          "--procfs-root",
          fixture_path("exporter/eight_gpus/procfs").string(),
          "--nvml-lib",
          nvml_shim_path().string()};
}

TEST(DcExporterNvmlHang, HungGpuFailsOnlyTheNvmlCollectorAndSigtermStillExits) {
  TempDir dir;
  write_file(dir / "config.ini", kConfig);
  auto description = fixture_description();
  write_description(dir / "nvml.json", description);
  const int port = free_port();
  ChildProcess exporter(exporter_argv(dir, port), {{kNvmlShimConfigEnv, (dir / "nvml.json").string()}});

  auto healthy = scrape_until(port, [](const std::string& text) {
    return contains(text, "dc_exporter_collector_success{collector=\"nvml\"} 1\n") &&
           contains(text, "DCGM_FI_DEV_GPU_TEMP{");
  });
  ASSERT_TRUE(healthy) << "NVML series never appeared\n" << exporter.err();
  EXPECT_TRUE(
      contains(*healthy, R"(dc_exporter_gpu_errors_total{collector="nvml",pci_bus_id="00000000:A1:00.0"})"));

  description["gpus"][kHangingGpu]["hang_seconds"] = 3600;
  write_description(dir / "nvml.json", description);
  auto hung = scrape_until(port, [](const std::string& text) {
    return contains(text, "dc_exporter_collector_success{collector=\"nvml\"} 0\n");
  });
  ASSERT_TRUE(hung) << "the nvml collector was never reported failed\n" << exporter.err();
  // Still running past the timeout: hung, not failed-and-returned.
  EXPECT_GE(sample(*hung, R"(dc_exporter_collector_duration_seconds{collector="nvml"})").value_or(0), 1.0)
      << *hung;
  for (const char* nvml_only : {"DCGM_FI_DEV_GPU_TEMP{", "DCGM_FI_DEV_POWER_USAGE{", "DCGM_FI_DEV_FAN_SPEED{",
                                "DCGM_FI_DEV_CLOCKS_THROTTLE_REASON{", R"(collector="nvml",pci_bus_id=)",
                                R"(pci_bus_id="00000000:81:00.0",device="nvidia4")"}) {
    EXPECT_FALSE(contains(*hung, nvml_only)) << nvml_only << " is still exported\n" << *hung;
  }
  // The other collectors go on, and scrapes keep answering while the collector thread is stuck.
  for (int scrape = 0; scrape < 5; ++scrape) {
    auto body = http_get("127.0.0.1", port, "/metrics");
    ASSERT_TRUE(body) << "scrape " << scrape << " got no answer";
    EXPECT_TRUE(contains(*body, "dc_exporter_collector_success{collector=\"system\"} 1\n"));
    EXPECT_TRUE(contains(*body, "dc_exporter_collector_success{collector=\"pci\"} 1\n"));
    EXPECT_TRUE(contains(*body, "SYS_LOAD_AVG{period=\"1m\"} 3.52\n"));
    EXPECT_TRUE(contains(*body, "dc_exporter_gpu_count 8\n"));
    EXPECT_TRUE(contains(*body, "dc_exporter_collector_success{collector=\"nvml\"} 0\n"));
  }

  // The collector thread sleeps in the shim for an hour: the process must still stop on SIGTERM.
  auto code = exporter.stop(SIGTERM, std::chrono::seconds(2));
  ASSERT_TRUE(code.has_value()) << "still running 2 s after SIGTERM\n" << exporter.err();
  EXPECT_EQ(*code, 0) << exporter.err();
}

TEST(DcExporterNvmlHang, OneShotWithAHungGpuStillPrintsAndExits) {
  TempDir dir;
  write_file(dir / "config.ini", kConfig);
  auto description = fixture_description();
  description["gpus"][kHangingGpu]["hang_seconds"] = 3600;
  write_description(dir / "nvml.json", description);
  auto argv = exporter_argv(dir, free_port());
  argv.push_back("--one-shot");
  auto result = run_process(argv, {}, {{kNvmlShimConfigEnv, (dir / "nvml.json").string()}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "dc_exporter_collector_success{collector=\"nvml\"} 0\n")) << result.out;
  EXPECT_TRUE(contains(result.out, "dc_exporter_collector_success{collector=\"system\"} 1\n")) << result.out;
  EXPECT_FALSE(contains(result.out, "DCGM_FI_DEV_GPU_TEMP{")) << result.out;
}

}  // namespace
}  // namespace dcm::test
