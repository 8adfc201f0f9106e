#include "exporter/collectors/aer.hpp"

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "exporter/collector_table.hpp"
#include "tests/support/paths.hpp"
#include "tests/unit/exporter/collectors/gpu_fixture.hpp"

namespace dcm::exporter::collectors {
namespace {

using namespace std::chrono_literals;

// ---- parse_aer_counters
// ------------------------------------------------------------------------------------

TEST(ParseAerCounters, ReadsTheCurrentKernelFormat) {
  auto counters = parse_aer_counters(
      "RxErr 10\nBadTLP 0\nBadDLLP 2\nRollover 0\nTimeout 0\nNonFatalErr 0\nCorrIntErr 0\nHeaderOF 0\n"
      "TOTAL_ERR_COR 12\n");
  ASSERT_TRUE(counters);
  EXPECT_EQ(counters->total_name, "TOTAL_ERR_COR");
  EXPECT_EQ(counters->total, 12u);
  ASSERT_EQ(counters->by_type.size(), 8u);
  EXPECT_EQ(counters->by_type[0], (std::pair<std::string, std::uint64_t>{"RxErr", 10}));
  EXPECT_EQ(counters->by_type[2], (std::pair<std::string, std::uint64_t>{"BadDLLP", 2}));
}

TEST(ParseAerCounters, AcceptsEveryShapeTheKernelHasWritten) {
  struct Case {
    const char* text;
    const char* total_name;
    std::uint64_t total;
    std::size_t types;
  };
  for (const auto& c : std::vector<Case>{
           // 4.19-era names with spaces (Documentation/ABI/testing/sysfs-bus-pci-devices-aer_stats)
           {"Receiver Error 2\nBad TLP 0\nBad DLLP 0\nRELAY_NUM Rollover 0\nReplay Timer Timeout 0\n"
            "Advisory Non-Fatal 0\nCorrected Internal Error 0\nHeader Log Overflow 0\nTOTAL_ERR_COR 2\n",
            "TOTAL_ERR_COR", 2, 8},
           // a bit without a name is printed only when non-zero, as <array>_bit[N]
           {"Undefined 0\nDLP 0\ndev_fatal_errs_bit[7] 3\nTOTAL_ERR_FATAL 3\n", "TOTAL_ERR_FATAL", 3, 3},
           {"TOTAL_ERR_NONFATAL 0\n", "TOTAL_ERR_NONFATAL", 0, 0},
           {"CmpltTO 1\r\n\n  TOTAL_ERR_NONFATAL\t1  \n\n", "TOTAL_ERR_NONFATAL", 1, 1},  // stray whitespace
           {"TOTAL_ERR_COR 18446744073709551615", "TOTAL_ERR_COR", 18446744073709551615u,
            0},  // u64 max, no newline
       }) {
    auto counters = parse_aer_counters(c.text);
    ASSERT_TRUE(counters) << c.text;
    EXPECT_EQ(counters->total_name, c.total_name) << c.text;
    EXPECT_EQ(counters->total, c.total) << c.text;
    EXPECT_EQ(counters->by_type.size(), c.types) << c.text;
  }
}

TEST(ParseAerCounters, RejectsGarbage) {
  for (const char* bad : {
           "",                                      // empty
           "\n\n",                                  // blank
           "RxErr 1\nBadTLP 0\n",                   // no TOTAL line
           "RxErr x\nTOTAL_ERR_COR 0\n",            // count not a number
           "RxErr -1\nTOTAL_ERR_COR 0\n",           // negative
           "RxErr 1.5\nTOTAL_ERR_COR 1\n",          // not an integer
           "TOTAL_ERR_COR 18446744073709551616\n",  // beyond u64
           "RxErr\nTOTAL_ERR_COR 0\n",              // name without count
           "12\nTOTAL_ERR_COR 0\n",                 // count without name
           "TOTAL_ERR_COR 1\nTOTAL_ERR_COR 2\n",    // two totals
           "TOTAL_ERR_COR 0x10\n",                  // not decimal
           "\x7f"
           "ELF\x02\x01\x01\x00\x00\x00\x00\n",  // binary
       }) {
    EXPECT_FALSE(parse_aer_counters(bad).has_value()) << bad;
  }
}

// ---- state and history
// -------------------------------------------------------------------------------------

TEST(AerErrorState, UncorrectableOutranksCorrectable) {
  struct Case {
    AerTotals start, now;
    int state;
  };
  for (const auto& c : std::vector<Case>{
           {{0, 0, 0}, {0, 0, 0}, 0},
           {{5, 1, 0}, {5, 1, 0}, 0},  // errors long ago, none new
           {{5, 0, 0}, {6, 0, 0}, 1},
           {{5, 0, 0}, {5, 1, 0}, 2},
           {{5, 0, 0}, {5, 0, 1}, 2},
           {{5, 0, 0}, {9, 1, 1}, 2},
       }) {
    EXPECT_EQ(aer_error_state(c.start, c.now), c.state)
        << c.start.correctable << "/" << c.start.nonfatal << "/" << c.start.fatal << " -> "
        << c.now.correctable << "/" << c.now.nonfatal << "/" << c.now.fatal;
  }
}

TEST(AerHistory, ComparesWithTheTotalsOneWindowAgo) {
  AerHistory history(5min);
  const auto t0 = std::chrono::steady_clock::time_point(1000h);
  EXPECT_EQ(history.observe(t0, {12, 0, 0}), (AerTotals{0, 0, 0}));  // first observation: baseline zero
  EXPECT_EQ(history.observe(t0 + 4min, {12, 0, 0}), (AerTotals{0, 0, 0}));
  EXPECT_EQ(history.observe(t0 + 5min, {12, 0, 0}),
            (AerTotals{12, 0, 0}));  // the start-up counts have aged out
  EXPECT_EQ(history.observe(t0 + 6min, {15, 0, 0}), (AerTotals{12, 0, 0}));
  EXPECT_EQ(history.observe(t0 + 10min, {15, 0, 0}), (AerTotals{12, 0, 0}));
  EXPECT_EQ(history.observe(t0 + 11min, {15, 0, 0}), (AerTotals{15, 0, 0}));
  // A total going down means the kernel started counting again (device reset): a fresh zero baseline.
  EXPECT_EQ(history.observe(t0 + 12min, {2, 0, 0}), (AerTotals{0, 0, 0}));
  EXPECT_EQ(history.observe(t0 + 17min, {2, 0, 0}), (AerTotals{2, 0, 0}));
}

// ---- collector
// ---------------------------------------------------------------------------------------------

std::string aer_labels(std::string_view gpu, std::string_view uuid, std::string_view bus,
                       std::string_view model) {
  return "{gpu=\"" + std::string(gpu) + "\",UUID=\"" + std::string(uuid) + "\",pci_bus_id=\"" +
         std::string(bus) + "\",device=\"nvidia" + std::string(gpu) + "\",modelName=\"" + std::string(model) +
         "\",Hostname=\"gpu-worker-07\"";
}

const std::string k4090b = aer_labels("1", "GPU-3f1c0e6e-6c2b-4d4f-9a4e-40900000a002", "00000000:21:00.0",
                                      "NVIDIA GeForce RTX 4090");
const std::string k3090a = aer_labels("2", "GPU-7a8b9c0d-1e2f-4a5b-8c7d-30900000b001", "00000000:41:00.0",
                                      "NVIDIA GeForce RTX 3090");
const std::string kA100c =
    aer_labels("6", "GPU-a100a100-0000-4000-8000-00000000c003", "00000000:C1:00.0", "NVIDIA A100-SXM4-80GB");

std::string state_line(const std::string& labels, int state) {
  return "GPU_AER_ERROR_STATE" + labels + "} " + std::to_string(state) + "\n";
}

std::string total_line(const std::string& labels, std::string_view severity, int value) {
  return "GPU_AER_TOTAL_ERRORS" + labels + ",severity=\"" + std::string(severity) + "\"} " +
         std::to_string(value) + "\n";
}

std::string errors_line(std::string_view bus_id, int count) {
  return "dc_exporter_gpu_errors_total{collector=\"aer\",pci_bus_id=\"" + std::string(bus_id) + "\"} " +
         std::to_string(count) + "\n";
}

void write_aer(const std::filesystem::path& device, std::uint64_t correctable, std::uint64_t nonfatal,
               std::uint64_t fatal) {
  test::write_file(device / "aer_dev_correctable", "RxErr " + std::to_string(correctable) +
                                                       "\nBadTLP 0\nTOTAL_ERR_COR " +
                                                       std::to_string(correctable) + "\n");
  test::write_file(
      device / "aer_dev_nonfatal",
      "CmpltTO " + std::to_string(nonfatal) + "\nTOTAL_ERR_NONFATAL " + std::to_string(nonfatal) + "\n");
  test::write_file(device / "aer_dev_fatal",
                   "DLP " + std::to_string(fatal) + "\nTOTAL_ERR_FATAL " + std::to_string(fatal) + "\n");
}

TEST(AerCollector, ExportsTotalsBySeverityAndTheStateOfEveryGpuWithAer) {
  EightGpuFixture f;
  auto collector = make_aer_collector(f.context());
  EXPECT_EQ(collector->name(), "aer");
  CollectStatus status;
  auto text = EightGpuFixture::collect(*collector, &status);
  EXPECT_TRUE(status.ok) << status.error;

  EXPECT_TRUE(contains(text, total_line(k4090b, "correctable", 12))) << text;
  EXPECT_TRUE(contains(text, total_line(k4090b, "nonfatal", 0))) << text;
  EXPECT_TRUE(contains(text, total_line(k4090b, "fatal", 0))) << text;
  EXPECT_TRUE(contains(text, total_line(kA100c, "nonfatal", 1))) << text;
  EXPECT_TRUE(contains(text, total_line(k3090a, "correctable", 0))) << text;
  // Errors already counted at start-up count as recent for the first window.
  EXPECT_TRUE(contains(text, state_line(k4090b, 1))) << text;
  EXPECT_TRUE(contains(text, state_line(kA100c, 2))) << text;
  EXPECT_TRUE(contains(text, state_line(k3090a, 0))) << text;
  EXPECT_EQ(count_of(text, "\nGPU_AER_ERROR_STATE{"), 7u) << "every GPU bound to nvidia, not the vfio one\n"
                                                          << text;
  EXPECT_EQ(count_of(text, "\nGPU_AER_TOTAL_ERRORS{"), 21u) << text;
  EXPECT_TRUE(contains(text, "# TYPE GPU_AER_TOTAL_ERRORS counter\n")) << text;
  EXPECT_TRUE(contains(text, "# TYPE GPU_AER_ERROR_STATE gauge\n")) << text;
  EXPECT_TRUE(contains(text, errors_line("00000000:21:00.0", 0))) << text;
  EXPECT_FALSE(contains(text, "E1:00.0")) << text;

  f.clock.advance(kAerWindow);
  text = EightGpuFixture::collect(*collector);
  EXPECT_TRUE(contains(text, state_line(k4090b, 0))) << text;
  EXPECT_TRUE(contains(text, state_line(kA100c, 0))) << text;
  EXPECT_TRUE(contains(text, total_line(k4090b, "correctable", 12))) << "totals stay: they are counters\n"
                                                                     << text;
  EXPECT_TRUE(f.log().empty()) << f.log();
}

TEST(AerCollector, StateRisesWithNewErrorsAndFallsBackAfterTheWindow) {
  EightGpuFixture f;
  const auto device = f.device("0000:41:00.0");
  auto collector = make_aer_collector(f.context());
  EXPECT_TRUE(contains(EightGpuFixture::collect(*collector), state_line(k3090a, 0)));

  f.clock.advance(5s);
  write_aer(device, 3, 0, 0);
  auto text = EightGpuFixture::collect(*collector);
  EXPECT_TRUE(contains(text, state_line(k3090a, 1))) << text;
  EXPECT_TRUE(contains(text, total_line(k3090a, "correctable", 3))) << text;

  f.clock.advance(4min);  // still within the window of the rise
  EXPECT_TRUE(contains(EightGpuFixture::collect(*collector), state_line(k3090a, 1)));

  f.clock.advance(1min);  // the rise was seen 5 minutes ago: out of the window
  EXPECT_TRUE(contains(EightGpuFixture::collect(*collector), state_line(k3090a, 0)));

  f.clock.advance(5s);
  write_aer(device, 3, 1, 0);
  text = EightGpuFixture::collect(*collector);
  EXPECT_TRUE(contains(text, state_line(k3090a, 2))) << text;
  EXPECT_TRUE(contains(text, total_line(k3090a, "nonfatal", 1))) << text;

  f.clock.advance(1min);
  write_aer(device, 40, 1, 0);  // correctable errors pouring in do not hide the non-fatal one
  EXPECT_TRUE(contains(EightGpuFixture::collect(*collector), state_line(k3090a, 2)));

  f.clock.advance(5min);
  write_aer(device, 40, 1, 1);
  EXPECT_TRUE(contains(EightGpuFixture::collect(*collector), state_line(k3090a, 2)));  // fatal
}

TEST(AerCollector, GarbageFileDropsThatGpusSeriesCountsAndLogsOnce) {
  EightGpuFixture f;
  test::write_file(f.device("0000:41:00.0") / "aer_dev_nonfatal", "\x01\x02garbage\xff\n");
  auto collector = make_aer_collector(f.context());
  EightGpuFixture::collect(*collector);
  EightGpuFixture::collect(*collector);
  auto text = EightGpuFixture::collect(*collector);

  EXPECT_FALSE(contains(text, "pci_bus_id=\"00000000:41:00.0\",device")) << text;
  EXPECT_TRUE(contains(text, errors_line("00000000:41:00.0", 3))) << text;
  EXPECT_TRUE(contains(text, state_line(k4090b, 1))) << "the others carry on\n" << text;
  EXPECT_EQ(count_of(text, "\nGPU_AER_ERROR_STATE{"), 6u) << text;
  EXPECT_EQ(f.log(),
            "warning test [collector=aer]: GPU 0000:41:00.0: "
            "/sys/bus/pci/devices/0000:41:00.0/aer_dev_nonfatal: not the "
            "kernel's AER statistics format ('Name count' lines and TOTAL_ERR_NONFATAL count)\n");

  write_aer(f.device("0000:41:00.0"), 0, 0, 0);
  text = EightGpuFixture::collect(*collector);
  EXPECT_TRUE(contains(text, state_line(k3090a, 0))) << text;
  EXPECT_TRUE(contains(text, errors_line("00000000:41:00.0", 3))) << text;
  EXPECT_TRUE(contains(f.log(), "info test [collector=aer]: GPU 0000:41:00.0: reads again\n")) << f.log();
}

TEST(AerCollector, FileOfTheWrongSeverityIsAnError) {
  EightGpuFixture f;
  test::write_file(f.device("0000:41:00.0") / "aer_dev_fatal", "TOTAL_ERR_COR 0\n");
  auto collector = make_aer_collector(f.context());
  auto text = EightGpuFixture::collect(*collector);
  EXPECT_TRUE(contains(text, errors_line("00000000:41:00.0", 1))) << text;
  EXPECT_TRUE(contains(f.log(), "aer_dev_fatal: has TOTAL_ERR_COR where TOTAL_ERR_FATAL was expected"))
      << f.log();
}

TEST(AerCollector, DeviceWithoutAerExportsNothingForIt) {
  EightGpuFixture f;
  for (const char* file : {"aer_dev_correctable", "aer_dev_nonfatal", "aer_dev_fatal"}) {
    std::filesystem::remove(f.device("0000:41:00.0") / file);
  }
  auto collector = make_aer_collector(f.context());
  auto text = EightGpuFixture::collect(*collector);
  EXPECT_FALSE(contains(text, "00000000:41:00.0")) << "no series and no error counter\n" << text;
  EXPECT_EQ(count_of(text, "\nGPU_AER_ERROR_STATE{"), 6u) << text;
  EXPECT_TRUE(f.log().empty()) << f.log();
}

TEST(AerCollector, PartlyMissingAerFilesAreAnError) {
  EightGpuFixture f;
  std::filesystem::remove(f.device("0000:41:00.0") / "aer_dev_fatal");
  auto collector = make_aer_collector(f.context());
  auto text = EightGpuFixture::collect(*collector);
  EXPECT_TRUE(contains(text, errors_line("00000000:41:00.0", 1))) << text;
  EXPECT_TRUE(contains(f.log(),
                       "/sys/bus/pci/devices/0000:41:00.0/aer_dev_fatal: missing while the other AER "
                       "statistics files exist"))
      << f.log();
}

TEST(AerCollector, ExportsOnlyTheMetricsTheConfigAsksFor) {
  EightGpuFixture f;
  f.config.gpu.metrics.erase(std::string(metric::kAerTotalErrors));
  auto collector = make_aer_collector(f.context());
  auto text = EightGpuFixture::collect(*collector);
  EXPECT_FALSE(contains(text, "GPU_AER_TOTAL_ERRORS")) << text;
  EXPECT_EQ(count_of(text, "\nGPU_AER_ERROR_STATE{"), 7u) << text;
}

TEST(AerCollector, IsInTheCollectorTableWhenAnAerMetricIsExported) {
  EightGpuFixture f;
  auto wanted = [&f] {
    auto collectors = make_collectors(f.context());
    return std::any_of(collectors.begin(), collectors.end(),
                       [](const auto& c) { return c->name() == "aer"; });
  };
  EXPECT_TRUE(wanted());
  f.config.gpu.metrics.erase(std::string(metric::kAerTotalErrors));
  EXPECT_TRUE(wanted());
  f.config.gpu.metrics.erase(std::string(metric::kAerErrorState));
  EXPECT_FALSE(wanted());
}

}  // namespace
}  // namespace dcm::exporter::collectors
