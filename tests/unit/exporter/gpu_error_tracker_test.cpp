#include "exporter/gpu/gpu_error_tracker.hpp"

#include <sstream>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include "core/metrics/text_writer.hpp"

namespace dcm::exporter::gpu {
namespace {

struct TrackerFixture {
  TrackerFixture() { logger->set_pattern("%l %v"); }
  std::ostringstream log;
  core::log::Logger logger =
      std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log));
  GpuErrorTracker tracker{"pcie_bar", logger};

  std::string text() const {
    core::metrics::MetricSet out;
    tracker.export_to(out);
    return core::metrics::TextWriter::write(out);
  }
};

TEST(GpuErrorTracker, ExportsNothingUntilAGpuIsSeen) {
  TrackerFixture f;
  EXPECT_EQ(f.text(), "");
}

TEST(GpuErrorTracker, CountsEveryFailureAndExportsZeroForHealthyGpus) {
  TrackerFixture f;
  f.tracker.seen("00000000:01:00.0");
  f.tracker.seen("00000000:41:00.0");
  f.tracker.failed("00000000:41:00.0", "0000:41:00.0", "file: gone");
  f.tracker.failed("00000000:41:00.0", "0000:41:00.0", "file: gone");
  EXPECT_EQ(f.tracker.count("00000000:41:00.0"), 2u);
  EXPECT_EQ(f.text(),
            "# HELP dc_exporter_gpu_errors_total " + std::string(kGpuErrorsHelp) +
                "\n"
                "# TYPE dc_exporter_gpu_errors_total counter\n"
                "dc_exporter_gpu_errors_total{collector=\"pcie_bar\",pci_bus_id=\"00000000:01:00.0\"} 0\n"
                "dc_exporter_gpu_errors_total{collector=\"pcie_bar\",pci_bus_id=\"00000000:41:00.0\"} 2\n");
}

TEST(GpuErrorTracker, LogsWhenTheReasonChangesNotOnEveryFailure) {
  TrackerFixture f;
  for (int i = 0; i < 3; ++i) {
    f.tracker.failed("00000000:41:00.0", "0000:41:00.0", "register reads 0xFFFFFFFF");
  }
  f.tracker.failed("00000000:41:00.0", "0000:41:00.0", "open: No such file or directory");
  f.tracker.succeeded("00000000:41:00.0", "0000:41:00.0");
  f.tracker.succeeded("00000000:41:00.0", "0000:41:00.0");
  f.tracker.failed("00000000:41:00.0", "0000:41:00.0", "open: No such file or directory");
  EXPECT_EQ(f.log.str(),
            "warning GPU 0000:41:00.0: register reads 0xFFFFFFFF\n"
            "warning GPU 0000:41:00.0: open: No such file or directory\n"
            "info GPU 0000:41:00.0: reads again\n"
            "warning GPU 0000:41:00.0: open: No such file or directory\n");
  EXPECT_EQ(f.tracker.count("00000000:41:00.0"), 5u);
}

}  // namespace
}  // namespace dcm::exporter::gpu
