#include "exporter/collectors/system.hpp"

#include <gtest/gtest.h>

#include "core/metrics/text_writer.hpp"
#include "tests/support/paths.hpp"

namespace dcm::exporter::collectors {
namespace {

TEST(ParseLoadavg, ReadsThreeAverages) {
  auto load = parse_loadavg("0.52 0.58 0.59 1/467 12345\n");
  ASSERT_TRUE(load);
  EXPECT_DOUBLE_EQ(load->one, 0.52);
  EXPECT_DOUBLE_EQ(load->fifteen, 0.59);
}

TEST(ParseLoadavg, RejectsGarbage) {
  for (const char* bad : {"", "0.5 0.5\n", "a b c d e\n", "-1 0 0 1/2 3\n", "\x01\x02\x03"}) {
    EXPECT_FALSE(parse_loadavg(bad).has_value()) << bad;
  }
}

TEST(ParseCpuTimes, SumsBusyAndIdleTicks) {
  auto times = parse_cpu_times("cpu  100 10 50 800 40 0 0 0 5 0\ncpu0 1 2 3 4\n");
  ASSERT_TRUE(times);
  EXPECT_EQ(times->busy, 160u);
  EXPECT_EQ(times->total, 1000u);
  auto old_kernel = parse_cpu_times("cpu 1 2 3 4\n");
  ASSERT_TRUE(old_kernel);
  EXPECT_EQ(old_kernel->total, 10u);
}

TEST(ParseCpuTimes, RejectsGarbage) {
  EXPECT_FALSE(parse_cpu_times("").has_value());
  EXPECT_FALSE(parse_cpu_times("cpu 1 2\n").has_value());
  EXPECT_FALSE(parse_cpu_times("cpu a b c d\n").has_value());
  EXPECT_FALSE(parse_cpu_times("intr 1 2 3 4 5\n").has_value());
}

TEST(CpuUsage, IsBusyShareOfTheTicksBetweenReadings) {
  EXPECT_DOUBLE_EQ(*cpu_usage_percent({100, 1000}, {150, 1100}), 50.0);
  EXPECT_FALSE(cpu_usage_percent({100, 1000}, {100, 1000}).has_value());
  EXPECT_FALSE(cpu_usage_percent({100, 1000}, {90, 900}).has_value());  // counters reset
}

TEST(ParseMemory, UsesMemAvailableOrTheOldKernelEstimate) {
  EXPECT_DOUBLE_EQ(*parse_memory_used_percent("MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 250 kB\n"),
                   75.0);
  EXPECT_DOUBLE_EQ(
      *parse_memory_used_percent("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 100 kB\n"),
      75.0);
  EXPECT_FALSE(parse_memory_used_percent("MemFree: 1 kB\n").has_value());
  EXPECT_FALSE(parse_memory_used_percent("MemTotal: 0 kB\nMemFree: 0 kB\n").has_value());
  EXPECT_FALSE(parse_memory_used_percent("garbage").has_value());
}

struct SystemFixture {
  explicit SystemFixture(const std::filesystem::path& proc) : procfs(proc), sysfs(proc) {}
  ExporterConfig config = parse_config(default_config_text(), "config.ini");
  core::sys::FsRoot procfs;
  core::sys::FsRoot sysfs;
  core::sys::FakeClock clock;
  InventoryHolder inventory;
  CollectorContext context{config, sysfs, procfs, clock, inventory, "h", "", {}, core::log::null_logger()};
};

TEST(SystemCollector, ReportsLoadCpuAndMemoryFromProcfs) {
  SystemFixture f(test::fixture_path("exporter/eight_gpus/procfs"));
  auto collector = make_system_collector(f.context);
  core::metrics::MetricSet out;
  EXPECT_TRUE(collector->collect(out).ok);
  auto text = core::metrics::TextWriter::write(out);
  EXPECT_NE(text.find("SYS_LOAD_AVG{period=\"5m\"} 2.91\n"), std::string::npos) << text;
  EXPECT_NE(text.find("SYS_CPU_USAGE 26.59"), std::string::npos) << text;
  EXPECT_NE(text.find("SYS_MEM_USED 25\n"), std::string::npos) << text;
}

TEST(SystemCollector, GarbageFileFailsOnlyItsOwnMetricAndNamesTheFile) {
  test::TempDir dir;
  test::write_file(dir / "loadavg", "not numbers at all\n");
  test::write_file(dir / "stat", "cpu 10 0 10 80\n");
  test::write_file(dir / "meminfo", "MemTotal: 100 kB\nMemAvailable: 50 kB\n");
  SystemFixture f(dir.path());
  auto collector = make_system_collector(f.context);
  core::metrics::MetricSet out;
  auto status = collector->collect(out);
  EXPECT_FALSE(status.ok);
  EXPECT_EQ(status.error, "/proc/loadavg: unreadable or malformed");
  auto text = core::metrics::TextWriter::write(out);
  EXPECT_EQ(text.find("SYS_LOAD_AVG"), std::string::npos);
  EXPECT_NE(text.find("SYS_MEM_USED 50\n"), std::string::npos);
  EXPECT_NE(text.find("SYS_CPU_USAGE 20\n"), std::string::npos);
}

}  // namespace
}  // namespace dcm::exporter::collectors
