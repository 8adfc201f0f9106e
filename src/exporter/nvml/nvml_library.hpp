// libnvidia-ml loaded at run time: dlopen, dlsym of the entry points in nvml_api.hpp, nvmlInit once and
// nvmlShutdown when the object goes away. Nothing links against the driver, so a machine without it (or
// with an older one) runs dc-exporter with NVML "unavailable" instead of failing to start.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/nvml/nvml_api.hpp"

namespace dcm::exporter::nvml {

// The outcome of one NVML call: the return code and, when it is NVML_SUCCESS, the value.
template <typename T>
struct Result {
  nvmlReturn_t code = NVML_ERROR_UNKNOWN;
  T value{};
  bool ok() const { return code == NVML_SUCCESS; }
};

class NvmlLibrary;

// Either a loaded and initialised library, or the one-line reason there is none.
struct LoadResult {
  std::unique_ptr<NvmlLibrary> library;
  std::string error;
};

class NvmlLibrary {
 public:
  // dlopen(path), resolve the entry points, nvmlInit. Never throws for a missing library, a missing
  // required symbol or a failing nvmlInit: those give `error`, e.g.
  // "libnvidia-ml.so.1: cannot open shared object file: No such file or directory".
  static LoadResult load(const std::string& path);

  ~NvmlLibrary();  // nvmlShutdown, then dlclose
  NvmlLibrary(const NvmlLibrary&) = delete;
  NvmlLibrary& operator=(const NvmlLibrary&) = delete;

  const std::string& path() const { return path_; }

  // NVML's text for a code ("GPU is lost"), or "NVML error N" when the library has no nvmlErrorString.
  std::string error_string(nvmlReturn_t code) const;

  // The entry points that are optional at load time, by NVML name, with whether this library has them.
  // Callers that need one for what they were asked to do check it here first.
  bool has(std::string_view function) const;
  // The name of the clock-reasons function in use: nvmlDeviceGetCurrentClocksEventReasons where the
  // driver has it (NVML 12.2+), else nvmlDeviceGetCurrentClocksThrottleReasons.
  std::string_view clocks_reasons_function() const;

  // "00000000:01:00.0" (or "0000:01:00.0") to a handle.
  Result<nvmlDevice_t> device_by_pci_bus_id(const std::string& bus_id) const;
  Result<unsigned int> gpu_temperature_celsius(nvmlDevice_t device) const;
  Result<unsigned int> power_usage_milliwatts(nvmlDevice_t device) const;
  Result<unsigned int> fan_speed_percent(nvmlDevice_t device) const;
  Result<unsigned long long> clocks_reasons(nvmlDevice_t device) const;
  // One field through nvmlDeviceGetFieldValues. `code` is the call's result or, when the call succeeded, the
  // field's own nvmlReturn (NVML answers "not supported" per field).
  Result<nvmlFieldValue_t> field_value(nvmlDevice_t device, unsigned int field_id) const;
  Result<std::string> uuid(nvmlDevice_t device) const;
  Result<std::string> name(nvmlDevice_t device) const;

  // Optional entry points, as accepted by has().
  static constexpr std::string_view kFieldValues = "nvmlDeviceGetFieldValues";
  static constexpr std::string_view kTemperature = "nvmlDeviceGetTemperature";
  static constexpr std::string_view kPowerUsage = "nvmlDeviceGetPowerUsage";
  static constexpr std::string_view kFanSpeed = "nvmlDeviceGetFanSpeed";
  static constexpr std::string_view kClocksReasons = "nvmlDeviceGetCurrentClocksEventReasons";  // or Throttle
  static constexpr std::string_view kUuid = "nvmlDeviceGetUUID";
  static constexpr std::string_view kName = "nvmlDeviceGetName";

 private:
  struct Functions {
    nvmlInit_fn init = nullptr;
    nvmlShutdown_fn shutdown = nullptr;
    nvmlErrorString_fn error_string = nullptr;
    nvmlDeviceGetHandleByPciBusId_fn handle_by_pci_bus_id = nullptr;
    nvmlDeviceGetTemperature_fn temperature = nullptr;
    nvmlDeviceGetPowerUsage_fn power_usage = nullptr;
    nvmlDeviceGetFanSpeed_fn fan_speed = nullptr;
    nvmlDeviceGetClocksReasons_fn clocks_reasons = nullptr;
    bool clocks_reasons_is_event = false;
    nvmlDeviceGetFieldValues_fn field_values = nullptr;
    nvmlDeviceGetString_fn uuid = nullptr;
    nvmlDeviceGetString_fn name = nullptr;
  };

  NvmlLibrary(std::string path, void* handle, Functions functions)
      : path_(std::move(path)), handle_(handle), fn_(functions) {}
  Result<std::string> get_string(nvmlDeviceGetString_fn function, nvmlDevice_t device,
                                 unsigned int size) const;

  std::string path_;
  void* handle_ = nullptr;  // from dlopen
  Functions fn_;
};

}  // namespace dcm::exporter::nvml
