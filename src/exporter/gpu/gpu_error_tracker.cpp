#include "exporter/gpu/gpu_error_tracker.hpp"

namespace dcm::exporter::gpu {

GpuErrorTracker::GpuErrorTracker(std::string collector, core::log::Logger logger)
    : collector_(std::move(collector)), logger_(std::move(logger)) {}

void GpuErrorTracker::seen(const std::string& bus_id) {
  gpus_.try_emplace(bus_id);
}

void GpuErrorTracker::succeeded(const std::string& bus_id, std::string_view name) {
  auto& state = gpus_[bus_id];
  if (!state.last_reason.empty()) {
    logger_->info("GPU {}: reads again", name);
    state.last_reason.clear();
  }
}

void GpuErrorTracker::failed(const std::string& bus_id, std::string_view name, const std::string& reason) {
  auto& state = gpus_[bus_id];
  ++state.errors;
  if (state.last_reason != reason) {
    logger_->warn("GPU {}: {}", name, reason);
    state.last_reason = reason;
  }
}

std::uint64_t GpuErrorTracker::count(const std::string& bus_id) const {
  auto it = gpus_.find(bus_id);
  return it == gpus_.end() ? 0 : it->second.errors;
}

void GpuErrorTracker::export_to(core::metrics::MetricSet& out) const {
  if (gpus_.empty()) {
    return;
  }
  auto& family = out.family(kGpuErrorsMetric, kGpuErrorsHelp, core::metrics::MetricType::kCounter);
  for (const auto& [bus_id, state] : gpus_) {
    family.samples.push_back(
        {{{"collector", collector_}, {"pci_bus_id", bus_id}}, static_cast<double>(state.errors)});
  }
}

}  // namespace dcm::exporter::gpu
