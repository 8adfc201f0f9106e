#include "exporter/nvml/nvml_identity.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "exporter/nvml/nvml_library.hpp"

namespace dcm::exporter::nvml {
namespace {

constexpr auto kReloadAfter = std::chrono::minutes(1);

class IdentitySource {
 public:
  IdentitySource(std::string path, const core::sys::Clock& clock, core::log::Logger logger)
      : path_(std::move(path)), clock_(clock), logger_(std::move(logger)) {}

  void fill(gpu::GpuDevice& gpu) {
    std::lock_guard lock(mutex_);
    if (!library_ && !load()) {
      return;
    }
    auto handle = library_->device_by_pci_bus_id(gpu.nvml_bus_id());
    if (!handle.ok()) {
      logger_->debug("{}: no identity from NVML: {}", gpu.nvml_bus_id(), library_->error_string(handle.code));
      return;
    }
    if (gpu.uuid.empty()) {
      if (auto uuid = library_->uuid(handle.value); uuid.ok()) {
        gpu.uuid = uuid.value;
      }
    }
    if (gpu.model.empty()) {
      if (auto name = library_->name(handle.value); name.ok()) {
        gpu.model = name.value;
      }
    }
  }

 private:
  bool load() {
    const auto now = clock_.monotonic();
    if (next_load_ && now < *next_load_) {
      return false;
    }
    auto loaded = NvmlLibrary::load(path_);
    if (!loaded.library) {
      next_load_ = now + kReloadAfter;
      if (loaded.error != error_) {
        logger_->info("GPU identities from NVML unavailable: {}", loaded.error);
        error_ = loaded.error;
      }
      return false;
    }
    library_ = std::move(loaded.library);
    error_.clear();
    return true;
  }

  std::string path_;
  const core::sys::Clock& clock_;
  core::log::Logger logger_;
  std::mutex mutex_;  // discovery may run on more than one thread
  std::unique_ptr<NvmlLibrary> library_;
  std::optional<std::chrono::steady_clock::time_point> next_load_;
  std::string error_;
};

}  // namespace

gpu::IdentityLookup make_nvml_identity_lookup(std::string library_path, const core::sys::Clock& clock,
                                              core::log::Logger logger) {
  auto source = std::make_shared<IdentitySource>(std::move(library_path), clock, std::move(logger));
  return [source](gpu::GpuDevice& gpu) { source->fill(gpu); };
}

}  // namespace dcm::exporter::nvml
