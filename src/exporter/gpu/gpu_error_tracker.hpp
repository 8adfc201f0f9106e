// dc_exporter_gpu_errors_total{collector,pci_bus_id}: how often a collector failed to read one GPU since
// dc-exporter started, and the "log when it changes" rule for those failures. One tracker per collector; the
// counts live as long as the collector, so they survive from one collection to the next.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/log/logging.hpp"
#include "core/metrics/family.hpp"

namespace dcm::exporter::gpu {

inline constexpr std::string_view kGpuErrorsMetric = "dc_exporter_gpu_errors_total";
inline constexpr std::string_view kGpuErrorsHelp =
    "Collections since dc-exporter started in which reading this GPU failed (NVML 'GPU is lost', 0xFFFFFFFF "
    "from BAR0, a garbage AER file); while it fails, the collector named by the collector label exports none "
    "of that GPU's series.";

class GpuErrorTracker {
 public:
  GpuErrorTracker(std::string collector, core::log::Logger logger);

  // The GPU is read by this collector: from now on its counter is exported, 0 until it fails.
  // `bus_id` is the NVML form used in the pci_bus_id label; `name` is how logs name it ("0000:01:00.0").
  void seen(const std::string& bus_id);
  // A good read. Logs once when the GPU was failing before.
  void succeeded(const std::string& bus_id, std::string_view name);
  // A failed read: counts it, and logs the reason when it differs from the last one logged for this GPU.
  void failed(const std::string& bus_id, std::string_view name, const std::string& reason);

  std::uint64_t count(const std::string& bus_id) const;
  void export_to(core::metrics::MetricSet& out) const;

 private:
  struct State {
    std::uint64_t errors = 0;
    std::string last_reason;  // empty while the GPU reads fine
  };
  std::string collector_;
  core::log::Logger logger_;
  std::map<std::string, State> gpus_;
};

}  // namespace dcm::exporter::gpu
