// A real Prometheus (Debian's) scrapes a running dc-exporter; the values are then queryable through its
// HTTP API, which is how Grafana and the alert rules will read them.
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/fixture_tree.hpp"
#include "tests/support/nvml_shim/nvml_shim_paths.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {
namespace {

// Polls an instant query until it returns at least one series; returns the result array.
nlohmann::json query_until_present(int port, const std::string& promql, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::string encoded;
  for (char c : promql) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      encoded += c;
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", static_cast<unsigned char>(c));
      encoded += buffer;
    }
  }
  while (std::chrono::steady_clock::now() < deadline) {
    auto body = http_get("127.0.0.1", port, "/api/v1/query?query=" + encoded);
    if (body) {
      auto json = nlohmann::json::parse(*body, nullptr, false);
      if (!json.is_discarded() && json.value("status", "") == "success" && !json["data"]["result"].empty()) {
        return json["data"]["result"];
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return nlohmann::json::array();
}

TEST(PrometheusScrape, RealPrometheusScrapesDcExporterAndValuesAreQueryable) {
  ASSERT_TRUE(have_program("prometheus")) << "prometheus is missing: run scripts/deps";
  TempDir dir;
  materialize_fixture(fixture_path("exporter/eight_gpus"), dir / "fixture");
  const int exporter_port = free_port();
  // The built-in default config.ini (the file does not exist), as a freshly installed worker runs it.
  ChildProcess exporter(
      {binary_path("dc-exporter").string(), "--config", (dir / "absent.ini").string(), "--listen",
       "127.0.0.1:" + std::to_string(exporter_port), "--sysfs-root", (dir / "fixture/sysfs").string(),
       "--procfs-root", (dir / "fixture/procfs").string(), "--nvml-lib", nvml_shim_path().string(),
       "--ipmi-device", (dir / "no-ipmi0").string()},
      {{kNvmlShimConfigEnv, (dir / "fixture/nvml.json").string()}});
  ASSERT_TRUE(wait_for_http("127.0.0.1", exporter_port, "/metrics")) << exporter.err();

  write_file(dir / "prometheus.yml",
             "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
             "scrape_configs:\n  - job_name: dc-exporter\n    static_configs:\n"
             "      - targets: ['127.0.0.1:" +
                 std::to_string(exporter_port) +
                 "']\n        labels:\n"
                 "          instance: gpu-worker-07\n");
  auto check = run_process({"promtool", "check", "config", (dir / "prometheus.yml").string()});
  ASSERT_EQ(check.exit_code, 0) << check.out << check.err;

  const int prometheus_port = free_port();
  ChildProcess prometheus({"prometheus", "--config.file=" + (dir / "prometheus.yml").string(),
                           "--storage.tsdb.path=" + (dir / "tsdb").string(),
                           "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port)});
  ASSERT_TRUE(wait_for_http("127.0.0.1", prometheus_port, "/-/ready", std::chrono::seconds(60)))
      << prometheus.err();

  auto up = query_until_present(prometheus_port, "up{job=\"dc-exporter\"} == 1", std::chrono::seconds(60));
  ASSERT_EQ(up.size(), 1u) << "target never came up:\n" << prometheus.err();

  auto count = query_until_present(prometheus_port, "dc_exporter_gpu_count", std::chrono::seconds(30));
  ASSERT_EQ(count.size(), 1u);
  EXPECT_EQ(count[0]["value"][1], "8");
  EXPECT_EQ(count[0]["metric"]["instance"], "gpu-worker-07");

  auto vfio = query_until_present(prometheus_port, "dc_exporter_gpu_usable{driver=\"vfio-pci\"}",
                                  std::chrono::seconds(30));
  ASSERT_EQ(vfio.size(), 1u);
  EXPECT_EQ(vfio[0]["value"][1], "0");
  EXPECT_EQ(vfio[0]["metric"]["pci_bus_id"], "00000000:E1:00.0");

  // GDDR6X read through BAR0 and HBM read through NVML land in one family, one series per GPU.
  auto vram = query_until_present(prometheus_port, "DCGM_FI_DEV_VRAM_TEMP", std::chrono::seconds(30));
  ASSERT_EQ(vram.size(), 6u) << exporter.err()  // 4 RTX via BAR, 2 A100 via NVML (the third A100 is "lost")
                             << http_get("127.0.0.1", exporter_port, "/metrics").value_or("(no answer)");
  auto rtx3090 = query_until_present(
      prometheus_port, "DCGM_FI_DEV_VRAM_TEMP{pci_bus_id=\"00000000:41:00.0\"}", std::chrono::seconds(5));
  ASSERT_EQ(rtx3090.size(), 1u);
  EXPECT_EQ(rtx3090[0]["value"][1], "84.5");
  EXPECT_EQ(rtx3090[0]["metric"]["modelName"], "NVIDIA GeForce RTX 3090");
  auto throttled = query_until_present(
      prometheus_port, "DCGM_FI_DEV_CLOCKS_THROTTLE_REASON{reason=\"HwThermalSlowdown\"} == 1",
      std::chrono::seconds(5));
  ASSERT_EQ(throttled.size(), 1u);
  EXPECT_EQ(throttled[0]["metric"]["gpu"], "2");
  auto aer = query_until_present(prometheus_port, "GPU_AER_ERROR_STATE == 2", std::chrono::seconds(5));
  ASSERT_EQ(aer.size(), 1u);
  EXPECT_EQ(aer[0]["metric"]["pci_bus_id"], "00000000:C1:00.0");

  auto load = query_until_present(prometheus_port, "SYS_LOAD_AVG{period=\"15m\"}", std::chrono::seconds(30));
  ASSERT_EQ(load.size(), 1u);
  EXPECT_EQ(load[0]["value"][1], "2.4");

  // Every scrape was accepted whole: no sample was rejected for duplicates or bad format.
  auto scraped = query_until_present(prometheus_port, "scrape_samples_scraped{job=\"dc-exporter\"}",
                                     std::chrono::seconds(10));
  ASSERT_EQ(scraped.size(), 1u);
  EXPECT_NE(scraped[0]["value"][1], "0");
}

}  // namespace
}  // namespace dcm::test
