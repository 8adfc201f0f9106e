#include "exporter/nvml/nvml_library.hpp"

#include <initializer_list>

#include <dlfcn.h>

namespace dcm::exporter::nvml {
namespace {

// The first of `names` the library exports (newest ABI first), with the name found; nullptr when none.
template <typename Function>
Function resolve(void* handle, std::initializer_list<const char*> names, const char** found = nullptr) {
  for (const char* name : names) {
    if (void* address = ::dlsym(handle, name)) {
      if (found != nullptr) {
        *found = name;
      }
      return reinterpret_cast<Function>(address);
    }
  }
  return nullptr;
}

std::string last_dl_error(const std::string& path) {
  const char* text = ::dlerror();
  return text != nullptr ? std::string(text) : path + ": cannot be loaded";
}

}  // namespace

LoadResult NvmlLibrary::load(const std::string& path) {
  ::dlerror();  // clear a stale error
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    return {nullptr, last_dl_error(path)};
  }
  auto fail = [&](std::string error) {
    ::dlclose(handle);
    return LoadResult{nullptr, std::move(error)};
  };

  Functions fn;
  const char* init_name = "nvmlInit_v2";
  fn.init = resolve<nvmlInit_fn>(handle, {"nvmlInit_v2", "nvmlInit"}, &init_name);
  fn.shutdown = resolve<nvmlShutdown_fn>(handle, {"nvmlShutdown"});
  fn.handle_by_pci_bus_id = resolve<nvmlDeviceGetHandleByPciBusId_fn>(
      handle, {"nvmlDeviceGetHandleByPciBusId_v2", "nvmlDeviceGetHandleByPciBusId"});
  auto missing = [&](const char* name) {
    return fail(path + ": symbol " + name + " not found (not an NVML library?)");
  };
  if (fn.init == nullptr) {
    return missing("nvmlInit_v2");
  }
  if (fn.shutdown == nullptr) {
    return missing("nvmlShutdown");
  }
  if (fn.handle_by_pci_bus_id == nullptr) {
    return missing("nvmlDeviceGetHandleByPciBusId_v2");
  }
  fn.error_string = resolve<nvmlErrorString_fn>(handle, {"nvmlErrorString"});
  fn.temperature = resolve<nvmlDeviceGetTemperature_fn>(handle, {"nvmlDeviceGetTemperature"});
  fn.power_usage = resolve<nvmlDeviceGetPowerUsage_fn>(handle, {"nvmlDeviceGetPowerUsage"});
  fn.fan_speed = resolve<nvmlDeviceGetFanSpeed_fn>(handle, {"nvmlDeviceGetFanSpeed"});
  const char* reasons_name = "";
  fn.clocks_reasons = resolve<nvmlDeviceGetClocksReasons_fn>(
      handle, {"nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons"},
      &reasons_name);
  fn.clocks_reasons_is_event = std::string_view(reasons_name) == "nvmlDeviceGetCurrentClocksEventReasons";
  fn.field_values = resolve<nvmlDeviceGetFieldValues_fn>(handle, {"nvmlDeviceGetFieldValues"});
  fn.uuid = resolve<nvmlDeviceGetString_fn>(handle, {"nvmlDeviceGetUUID"});
  fn.name = resolve<nvmlDeviceGetString_fn>(handle, {"nvmlDeviceGetName"});

  std::unique_ptr<NvmlLibrary> library(new NvmlLibrary(path, handle, fn));
  if (const auto code = fn.init(); code != NVML_SUCCESS) {
    auto error = path + ": " + init_name + " failed: " + library->error_string(code);
    library->fn_.shutdown = nullptr;  // not initialised: the destructor only closes the library
    return {nullptr, std::move(error)};
  }
  return {std::move(library), {}};
}

NvmlLibrary::~NvmlLibrary() {
  if (fn_.shutdown != nullptr) {
    fn_.shutdown();
  }
  if (handle_ != nullptr) {
    ::dlclose(handle_);
  }
}

std::string NvmlLibrary::error_string(nvmlReturn_t code) const {
  if (fn_.error_string != nullptr) {
    if (const char* text = fn_.error_string(code); text != nullptr && *text != '\0') {
      return text;
    }
  }
  return "NVML error " + std::to_string(static_cast<int>(code));
}

bool NvmlLibrary::has(std::string_view function) const {
  if (function == kFieldValues) {
    return fn_.field_values != nullptr;
  }
  if (function == kTemperature) {
    return fn_.temperature != nullptr;
  }
  if (function == kPowerUsage) {
    return fn_.power_usage != nullptr;
  }
  if (function == kFanSpeed) {
    return fn_.fan_speed != nullptr;
  }
  if (function == kClocksReasons) {
    return fn_.clocks_reasons != nullptr;
  }
  if (function == kUuid) {
    return fn_.uuid != nullptr;
  }
  if (function == kName) {
    return fn_.name != nullptr;
  }
  return false;
}

std::string_view NvmlLibrary::clocks_reasons_function() const {
  return fn_.clocks_reasons_is_event ? "nvmlDeviceGetCurrentClocksEventReasons"
                                     : "nvmlDeviceGetCurrentClocksThrottleReasons";
}

Result<nvmlDevice_t> NvmlLibrary::device_by_pci_bus_id(const std::string& bus_id) const {
  Result<nvmlDevice_t> result;
  result.code = fn_.handle_by_pci_bus_id(bus_id.c_str(), &result.value);
  return result;
}

Result<unsigned int> NvmlLibrary::gpu_temperature_celsius(nvmlDevice_t device) const {
  Result<unsigned int> result;
  result.code = fn_.temperature != nullptr ? fn_.temperature(device, NVML_TEMPERATURE_GPU, &result.value)
                                           : NVML_ERROR_FUNCTION_NOT_FOUND;
  return result;
}

Result<unsigned int> NvmlLibrary::power_usage_milliwatts(nvmlDevice_t device) const {
  Result<unsigned int> result;
  result.code =
      fn_.power_usage != nullptr ? fn_.power_usage(device, &result.value) : NVML_ERROR_FUNCTION_NOT_FOUND;
  return result;
}

Result<unsigned int> NvmlLibrary::fan_speed_percent(nvmlDevice_t device) const {
  Result<unsigned int> result;
  result.code =
      fn_.fan_speed != nullptr ? fn_.fan_speed(device, &result.value) : NVML_ERROR_FUNCTION_NOT_FOUND;
  return result;
}

Result<unsigned long long> NvmlLibrary::clocks_reasons(nvmlDevice_t device) const {
  Result<unsigned long long> result;
  result.code = fn_.clocks_reasons != nullptr ? fn_.clocks_reasons(device, &result.value)
                                              : NVML_ERROR_FUNCTION_NOT_FOUND;
  return result;
}

Result<nvmlFieldValue_t> NvmlLibrary::field_value(nvmlDevice_t device, unsigned int field_id) const {
  Result<nvmlFieldValue_t> result;
  if (fn_.field_values == nullptr) {
    result.code = NVML_ERROR_FUNCTION_NOT_FOUND;
    return result;
  }
  result.value.fieldId = field_id;
  result.code = fn_.field_values(device, 1, &result.value);
  if (result.code == NVML_SUCCESS) {
    result.code = result.value.nvmlReturn;
  }
  return result;
}

Result<std::string> NvmlLibrary::get_string(nvmlDeviceGetString_fn function, nvmlDevice_t device,
                                            unsigned int size) const {
  Result<std::string> result;
  if (function == nullptr) {
    result.code = NVML_ERROR_FUNCTION_NOT_FOUND;
    return result;
  }
  std::string buffer(size, '\0');
  result.code = function(device, buffer.data(), size);
  if (result.code == NVML_SUCCESS) {
    buffer.resize(buffer.find('\0') == std::string::npos ? buffer.size() : buffer.find('\0'));
    result.value = std::move(buffer);
  }
  return result;
}

Result<std::string> NvmlLibrary::uuid(nvmlDevice_t device) const {
  return get_string(fn_.uuid, device, NVML_DEVICE_UUID_V2_BUFFER_SIZE);
}

Result<std::string> NvmlLibrary::name(nvmlDevice_t device) const {
  return get_string(fn_.name, device, NVML_DEVICE_NAME_V2_BUFFER_SIZE);
}

}  // namespace dcm::exporter::nvml
