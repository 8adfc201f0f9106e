// dc-exporter's own metrics that more than one collector writes. One definition each, so the HELP text is
// the same whoever adds the first sample (MetricSet keeps the HELP it saw first).
#pragma once

#include <string_view>

namespace dcm::exporter::self_metric {

inline constexpr std::string_view kGpuErrorsTotal = "dc_exporter_gpu_errors_total";
inline constexpr std::string_view kGpuErrorsHelp =
    "Collections since dc-exporter started in which reading this GPU failed (for example NVML 'GPU is lost' "
    "after the GPU fell off the bus); while a GPU fails, the collector named by the collector label exports "
    "none of its series for that GPU.";

}  // namespace dcm::exporter::self_metric
