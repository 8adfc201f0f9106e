// The eight-GPU fixture (tests/fixtures/exporter/eight_gpus) materialised into a scratch directory (BAR specs
// turned into sparse resource0 files), with the GPU inventory discovered from it, a FakeClock, and a logger
// whose lines the test can read. Tests change files under device(bdf) to make one GPU misbehave.
#pragma once

#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include <spdlog/sinks/ostream_sink.h>

#include "core/metrics/text_writer.hpp"
#include "exporter/collector_context.hpp"
#include "exporter/gpu/pci_discovery.hpp"
#include "tests/support/fixture_tree.hpp"
#include "tests/support/paths.hpp"

namespace dcm::exporter::collectors {

class EightGpuFixture {
 public:
  EightGpuFixture() {
    test::materialize_fixture(test::fixture_path("exporter/eight_gpus"), dir_.path());
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_);
    logger_ = std::make_shared<spdlog::logger>("test", std::move(sink));
    inventory_.set(
        std::make_shared<const gpu::GpuInventory>(gpu::discover_gpus(sysfs_, procfs_, "gpu-worker-07")));
  }

  ExporterConfig config = parse_config(default_config_text(), "config.ini");
  core::sys::FakeClock clock;

  // Built on demand so that a test can change `config` first.
  CollectorContext context() {
    return {config, sysfs_, procfs_, clock, inventory_, "gpu-worker-07", "", {}, logger_};
  }

  std::filesystem::path device(std::string_view bdf) const { return dir_ / "sysfs/bus/pci/devices" / bdf; }
  // What was logged, one line per message, without the timestamp: "warning test [collector=aer]: GPU ...".
  std::string log() const {
    std::string out;
    std::istringstream lines(log_.str());
    for (std::string line; std::getline(lines, line);) {
      out += line.substr(line.find(' ') + 1) + "\n";
    }
    return out;
  }

  // One collection, as exposition text.
  static std::string collect(Collector& collector, CollectStatus* status = nullptr) {
    core::metrics::MetricSet out;
    auto result = collector.collect(out);
    if (status != nullptr) {
      *status = result;
    }
    return core::metrics::TextWriter::write(out);
  }

 private:
  test::TempDir dir_;
  core::sys::FsRoot sysfs_{dir_ / "sysfs"};
  core::sys::FsRoot procfs_{dir_ / "procfs"};
  InventoryHolder inventory_;
  std::ostringstream log_;
  core::log::Logger logger_;
};

inline bool contains(const std::string& text, std::string_view line) {
  return text.find(line) != std::string::npos;
}

inline std::size_t count_of(const std::string& text, std::string_view needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

}  // namespace dcm::exporter::collectors
