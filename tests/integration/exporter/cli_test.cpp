// dc-exporter as operators run it: the real binary, its flags, its exit codes.
#include <gtest/gtest.h>
#include <httplib.h>

#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {
namespace {

TEST(DcExporterCli, VersionHasTheSeedsForm) {
  for (const char* flag : {"-v", "--version"}) {
    auto result = run_process({binary_path("dc-exporter").string(), flag});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_TRUE(result.out.starts_with("dc-exporter version 1.0.0 (built ")) << result.out;
    EXPECT_TRUE(result.out.ends_with(")\n"));
  }
}

TEST(DcExporterCli, BadConfigExitsNonZeroWithOneLineNamingFileAndLine) {
  TempDir dir;
  write_file(dir / "config.ini", "[gpu]\nenabled=1\nDCGM_FI_DEV_VRAM_TEMPERATURE\n");
  auto result = run_process(
      {binary_path("dc-exporter").string(), "--one-shot", "--config", (dir / "config.ini").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(result.err.starts_with("dc-exporter: " + (dir / "config.ini").string() +
                                     ":3: unknown metric 'DCGM_FI_DEV_VRAM_TEMPERATURE' (known: "))
      << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1);
  EXPECT_TRUE(result.out.empty());
}

TEST(DcExporterCli, BadListenAddressIsRejected) {
  auto result = run_process({binary_path("dc-exporter").string(), "--listen", "nowhere:99999"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--listen"), std::string::npos);
}

TEST(DcExporterCli, StopsCleanlyOnSigterm) {
  int port = free_port();
  ChildProcess exporter({binary_path("dc-exporter").string(), "--config", "/nonexistent/config.ini",
                         "--listen", "127.0.0.1:" + std::to_string(port), "--sysfs-root",
                         fixture_path("exporter/eight_gpus/sysfs").string(), "--procfs-root",
                         fixture_path("exporter/eight_gpus/procfs").string()});
  auto body = wait_for_http("127.0.0.1", port, "/metrics");
  ASSERT_TRUE(body) << exporter.err();
  EXPECT_NE(body->find("dc_exporter_gpu_count 8\n"), std::string::npos);
  EXPECT_EQ(http_get("127.0.0.1", port, "/healthz"), "ok\n");
  auto code = exporter.stop(SIGTERM, std::chrono::seconds(5));
  ASSERT_TRUE(code.has_value()) << "still running 5 s after SIGTERM";
  EXPECT_EQ(*code, 0) << exporter.err();
}

// Prometheus keeps its connection open between scrapes; that must not delay shutdown.
TEST(DcExporterCli, StopsWithinASecondWhileAScraperHoldsItsConnection) {
  int port = free_port();
  ChildProcess exporter({binary_path("dc-exporter").string(), "--config", "/nonexistent/config.ini",
                         "--listen", "127.0.0.1:" + std::to_string(port), "--sysfs-root",
                         fixture_path("exporter/eight_gpus/sysfs").string(), "--procfs-root",
                         fixture_path("exporter/eight_gpus/procfs").string()});
  ASSERT_TRUE(wait_for_http("127.0.0.1", port, "/metrics")) << exporter.err();
  httplib::Client scraper("127.0.0.1", port);
  scraper.set_keep_alive(true);
  auto response = scraper.Get("/metrics", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("dc_exporter_gpu_count 8\n"),
            std::string::npos);  // decompressed by the client
  // Generous: the requirement is one second; a loaded CI machine gets slack, a 5 s keep-alive wait does not.
  auto code = exporter.stop(SIGTERM, std::chrono::milliseconds(3000));
  ASSERT_TRUE(code.has_value()) << "still running 3 s after SIGTERM with a kept-alive connection";
  EXPECT_EQ(*code, 0);
}

}  // namespace
}  // namespace dcm::test
