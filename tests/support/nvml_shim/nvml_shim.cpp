// A stand-in for libnvidia-ml.so.1 in tests: implements the NVML entry points dc-exporter uses, serving GPUs
// described by the JSON file named by $DCM_NVML_SHIM_CONFIG. Format (docs/nvml.md has the full story):
//
//   {"init_error": null,                      // or an error name: nvmlInit_v2 then fails with it
//    "gpus": [{"pci_bus_id": "00000000:01:00.0", "uuid": "GPU-...", "name": "NVIDIA GeForce RTX 4090",
//              "temperature": 64, "power_mw": 312450, "fan": 58, "throttle_reasons": 4,
//              "memory_temp": null,           // null or absent: NVML_ERROR_NOT_SUPPORTED for that value
//              "error": "GPU_IS_LOST",        // optional: every call on this GPU returns it
//              "hang_seconds": 3600}]}        // optional: every call on this GPU sleeps first
//
// The file is read by the first nvmlInit_v2 and read again when it changes (noticed by the next
// nvmlDeviceGetHandleByPciBusId_v2), so a test can make a GPU fail or hang while dc-exporter runs; handles
// stay valid across such reloads. A malformed file makes nvmlInit_v2 fail with NVML_ERROR_UNKNOWN and a
// line on stderr naming the problem (a reload keeps the previous description).
//
// Built twice: libnvidia-ml-shim.so with everything, and libnvidia-ml-shim-minimal.so
// (DCM_NVML_SHIM_MINIMAL) without nvmlDeviceGetFieldValues and nvmlDeviceGetCurrentClocksEventReasons, like
// a driver older than NVML 12.2 that also lacks field values, to test missing symbols and fallbacks.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "exporter/nvml/nvml_api.hpp"

using namespace dcm::exporter::nvml;  // NOLINT: this file is the NVML ABI

namespace {

struct ErrorName {
  const char* name;
  nvmlReturn_t code;
  const char* text;  // what the real nvmlErrorString says
};

constexpr ErrorName kErrors[] = {
    {"SUCCESS", NVML_SUCCESS, "Success"},
    {"UNINITIALIZED", NVML_ERROR_UNINITIALIZED, "Uninitialized"},
    {"INVALID_ARGUMENT", NVML_ERROR_INVALID_ARGUMENT, "Invalid Argument"},
    {"NOT_SUPPORTED", NVML_ERROR_NOT_SUPPORTED, "Not Supported"},
    {"NO_PERMISSION", NVML_ERROR_NO_PERMISSION, "Insufficient Permissions"},
    {"NOT_FOUND", NVML_ERROR_NOT_FOUND, "Not Found"},
    {"INSUFFICIENT_SIZE", NVML_ERROR_INSUFFICIENT_SIZE, "Insufficient Size"},
    {"DRIVER_NOT_LOADED", NVML_ERROR_DRIVER_NOT_LOADED, "Driver Not Loaded"},
    {"TIMEOUT", NVML_ERROR_TIMEOUT, "Timeout"},
    {"GPU_IS_LOST", NVML_ERROR_GPU_IS_LOST, "GPU is lost"},
    {"RESET_REQUIRED", NVML_ERROR_RESET_REQUIRED, "GPU requires reset"},
    {"LIB_RM_VERSION_MISMATCH", NVML_ERROR_LIB_RM_VERSION_MISMATCH, "Driver/library version mismatch"},
    {"UNKNOWN", NVML_ERROR_UNKNOWN, "Unknown Error"},
};

nvmlReturn_t parse_error_name(const std::string& name) {
  for (const auto& error : kErrors) {
    if (name == error.name) {
      return error.code;
    }
  }
  throw std::invalid_argument("unknown NVML error name '" + name +
                              "' (expected e.g. GPU_IS_LOST, NOT_SUPPORTED)");
}

// "0000:01:00.0", "00000000:01:00.0" and lower or upper case all name the same function.
std::optional<std::string> normalise_bus_id(const char* text) {
  unsigned domain = 0, bus = 0, device = 0, function = 0;
  int consumed = 0;
  if (text == nullptr ||
      std::sscanf(text, "%x:%x:%x.%x%n", &domain, &bus, &device, &function, &consumed) != 4 ||
      text[consumed] != '\0') {
    return std::nullopt;
  }
  char out[32];
  std::snprintf(out, sizeof out, "%08X:%02X:%02X.%X", domain, bus, device, function);
  return out;
}

struct Gpu {
  std::string uuid;
  std::string name;
  std::optional<unsigned> temperature;
  std::optional<unsigned> power_mw;
  std::optional<unsigned> fan;
  std::optional<unsigned long long> throttle_reasons;
  std::optional<unsigned> memory_temp;
  nvmlReturn_t error = NVML_SUCCESS;
  double hang_seconds = 0;
  bool present = true;  // false once a reload dropped it from the file
};

template <typename T>
std::optional<T> optional_number(const nlohmann::json& gpu, const char* key) {
  if (!gpu.contains(key) || gpu.at(key).is_null()) {
    return std::nullopt;
  }
  if (!gpu.at(key).is_number_unsigned()) {
    throw std::invalid_argument(std::string(key) + " must be a non-negative integer or null");
  }
  return gpu.at(key).get<T>();
}

struct Description {
  nvmlReturn_t init_error = NVML_SUCCESS;
  std::map<std::string, Gpu> gpus;  // by normalised bus id
};

Description parse_description(const std::string& text) {
  static const char* const kGpuKeys[] = {
      "pci_bus_id",       "uuid",        "name",  "temperature", "power_mw", "fan",
      "throttle_reasons", "memory_temp", "error", "hang_seconds"};
  const auto json = nlohmann::json::parse(text);
  Description description;
  for (const auto& [key, value] : json.items()) {
    if (key == "init_error") {
      description.init_error = value.is_null() ? NVML_SUCCESS : parse_error_name(value.get<std::string>());
    } else if (key != "gpus") {
      throw std::invalid_argument("unknown top-level key '" + key + "' (expected init_error, gpus)");
    }
  }
  for (const auto& entry : json.value("gpus", nlohmann::json::array())) {
    for (const auto& [key, value] : entry.items()) {
      if (std::none_of(std::begin(kGpuKeys), std::end(kGpuKeys),
                       [&](const char* known) { return key == known; })) {
        throw std::invalid_argument("unknown GPU key '" + key + "'");
      }
    }
    auto bus_id = normalise_bus_id(entry.at("pci_bus_id").get<std::string>().c_str());
    if (!bus_id) {
      throw std::invalid_argument("bad pci_bus_id " + entry.at("pci_bus_id").dump());
    }
    Gpu gpu;
    gpu.uuid = entry.value("uuid", "");
    gpu.name = entry.value("name", "");
    gpu.temperature = optional_number<unsigned>(entry, "temperature");
    gpu.power_mw = optional_number<unsigned>(entry, "power_mw");
    gpu.fan = optional_number<unsigned>(entry, "fan");
    gpu.throttle_reasons = optional_number<unsigned long long>(entry, "throttle_reasons");
    gpu.memory_temp = optional_number<unsigned>(entry, "memory_temp");
    if (entry.contains("error") && !entry.at("error").is_null()) {
      gpu.error = parse_error_name(entry.at("error").get<std::string>());
    }
    gpu.hang_seconds = entry.value("hang_seconds", 0.0);
    description.gpus[*bus_id] = std::move(gpu);
  }
  return description;
}

// What identifies one version of the config file: a change of any of these means "read it again".
struct FileStamp {
  ino_t inode = 0;
  off_t size = -1;
  long long mtime_ns = -1;
  bool operator==(const FileStamp&) const = default;
};

std::optional<FileStamp> stamp_of(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return std::nullopt;
  }
  return FileStamp{info.st_ino, info.st_size, info.st_mtim.tv_sec * 1000000000LL + info.st_mtim.tv_nsec};
}

// NVML is a C library with process-wide state (nvmlInit counts, handles); so is its stand-in.
class Shim {
 public:
  nvmlReturn_t init() {
    std::lock_guard lock(mutex_);
    if (init_count_ == 0) {
      const char* path = std::getenv("DCM_NVML_SHIM_CONFIG");
      if (path == nullptr || *path == '\0') {
        std::fprintf(stderr, "nvml shim: DCM_NVML_SHIM_CONFIG is not set\n");
        return NVML_ERROR_UNKNOWN;
      }
      path_ = path;
      if (!reload_locked(/*keep_on_error=*/false)) {
        return NVML_ERROR_UNKNOWN;
      }
      if (init_error_ != NVML_SUCCESS) {
        return init_error_;
      }
    }
    ++init_count_;
    return NVML_SUCCESS;
  }

  nvmlReturn_t shutdown() {
    std::lock_guard lock(mutex_);
    if (init_count_ == 0) {
      return NVML_ERROR_UNINITIALIZED;
    }
    --init_count_;
    return NVML_SUCCESS;
  }

  nvmlReturn_t handle_by_bus_id(const char* bus_id, nvmlDevice_t* device) {
    Gpu snapshot;
    {
      std::lock_guard lock(mutex_);
      if (init_count_ == 0) {
        return NVML_ERROR_UNINITIALIZED;
      }
      auto id = normalise_bus_id(bus_id);
      if (!id || device == nullptr) {
        return NVML_ERROR_INVALID_ARGUMENT;
      }
      if (stamp_of(path_) != stamp_) {
        reload_locked(/*keep_on_error=*/true);
      }
      auto found = gpus_.find(*id);
      if (found == gpus_.end() || !found->second->present) {
        return NVML_ERROR_NOT_FOUND;
      }
      snapshot = *found->second;
      *device = reinterpret_cast<nvmlDevice_t>(found->second.get());
    }
    return misbehave(snapshot);
  }

  // Runs `read` on a copy of the GPU's description, after its hang and error, outside the lock.
  template <typename Read>
  nvmlReturn_t with_gpu(nvmlDevice_t device, Read read) {
    Gpu snapshot;
    {
      std::lock_guard lock(mutex_);
      if (init_count_ == 0) {
        return NVML_ERROR_UNINITIALIZED;
      }
      const auto* gpu = find_locked(device);
      if (gpu == nullptr) {
        return NVML_ERROR_INVALID_ARGUMENT;
      }
      if (!gpu->present) {
        return NVML_ERROR_GPU_IS_LOST;
      }
      snapshot = *gpu;
    }
    if (auto code = misbehave(snapshot); code != NVML_SUCCESS) {
      return code;
    }
    return read(snapshot);
  }

 private:
  static nvmlReturn_t misbehave(const Gpu& gpu) {
    if (gpu.hang_seconds > 0) {
      std::this_thread::sleep_for(std::chrono::duration<double>(gpu.hang_seconds));
    }
    return gpu.error;
  }

  const Gpu* find_locked(nvmlDevice_t device) const {
    for (const auto& [id, gpu] : gpus_) {
      if (reinterpret_cast<nvmlDevice_t>(gpu.get()) == device) {
        return gpu.get();
      }
    }
    return nullptr;
  }

  bool reload_locked(bool keep_on_error) {
    try {
      auto stamp = stamp_of(path_);
      std::ifstream in(path_, std::ios::binary);
      if (!stamp || !in) {
        throw std::runtime_error("cannot read the file");
      }
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto description = parse_description(text);
      init_error_ = description.init_error;
      for (auto& [id, gpu] : gpus_) {
        gpu->present = false;
      }
      for (auto& [id, gpu] : description.gpus) {
        auto& slot = gpus_[id];
        if (!slot) {
          slot = std::make_unique<Gpu>();
        }
        *slot = std::move(gpu);  // in place: handles given out earlier stay valid
      }
      stamp_ = stamp;
      return true;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "nvml shim: %s: %s%s\n", path_.c_str(), e.what(),
                   keep_on_error ? " (keeping the previous description)" : "");
      stamp_ = stamp_of(path_);  // do not retry the same broken file on every call
      return false;
    }
  }

  std::mutex mutex_;
  int init_count_ = 0;
  std::string path_;
  std::optional<FileStamp> stamp_;
  nvmlReturn_t init_error_ = NVML_SUCCESS;
  std::map<std::string, std::unique_ptr<Gpu>> gpus_;
};

Shim& shim() {
  static Shim instance;
  return instance;
}

nvmlReturn_t copy_string(const std::string& value, char* buffer, unsigned int length) {
  if (buffer == nullptr) {
    return NVML_ERROR_INVALID_ARGUMENT;
  }
  if (value.size() + 1 > length) {
    return NVML_ERROR_INSUFFICIENT_SIZE;
  }
  std::memcpy(buffer, value.c_str(), value.size() + 1);
  return NVML_SUCCESS;
}

template <typename T>
nvmlReturn_t give(const std::optional<T>& value, T* out) {
  if (out == nullptr) {
    return NVML_ERROR_INVALID_ARGUMENT;
  }
  if (!value) {
    return NVML_ERROR_NOT_SUPPORTED;
  }
  *out = *value;
  return NVML_SUCCESS;
}

}  // namespace

#define DCM_NVML_EXPORT extern "C" __attribute__((visibility("default")))

DCM_NVML_EXPORT nvmlReturn_t nvmlInit_v2() {
  return shim().init();
}

DCM_NVML_EXPORT nvmlReturn_t nvmlShutdown() {
  return shim().shutdown();
}

DCM_NVML_EXPORT const char* nvmlErrorString(nvmlReturn_t result) {
  for (const auto& error : kErrors) {
    if (error.code == result) {
      return error.text;
    }
  }
  return "Unknown Error";
}

DCM_NVML_EXPORT nvmlReturn_t nvmlDeviceGetHandleByPciBusId_v2(const char* pciBusId, nvmlDevice_t* device) {
  return shim().handle_by_bus_id(pciBusId, device);
}

DCM_NVML_EXPORT nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device,
                                                      nvmlTemperatureSensors_t sensorType,
                                                      unsigned int* temp) {
  return shim().with_gpu(device, [&](const Gpu& gpu) {
    return sensorType == NVML_TEMPERATURE_GPU ? give(gpu.temperature, temp) : NVML_ERROR_INVALID_ARGUMENT;
  });
}

DCM_NVML_EXPORT nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int* power) {
  return shim().with_gpu(device, [&](const Gpu& gpu) { return give(gpu.power_mw, power); });
}

DCM_NVML_EXPORT nvmlReturn_t nvmlDeviceGetFanSpeed(nvmlDevice_t device, unsigned int* speed) {
  return shim().with_gpu(device, [&](const Gpu& gpu) { return give(gpu.fan, speed); });
}

DCM_NVML_EXPORT nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t device,
                                                                       unsigned long long* reasons) {
  return shim().with_gpu(device, [&](const Gpu& gpu) { return give(gpu.throttle_reasons, reasons); });
}

DCM_NVML_EXPORT nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char* uuid, unsigned int length) {
  return shim().with_gpu(device, [&](const Gpu& gpu) { return copy_string(gpu.uuid, uuid, length); });
}

DCM_NVML_EXPORT nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char* name, unsigned int length) {
  return shim().with_gpu(device, [&](const Gpu& gpu) { return copy_string(gpu.name, name, length); });
}

#ifndef DCM_NVML_SHIM_MINIMAL

DCM_NVML_EXPORT nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device,
                                                                    unsigned long long* reasons) {
  return shim().with_gpu(device, [&](const Gpu& gpu) { return give(gpu.throttle_reasons, reasons); });
}

// Like NVML: the call succeeds and each field carries its own result; only memory temperature is known here.
DCM_NVML_EXPORT nvmlReturn_t nvmlDeviceGetFieldValues(nvmlDevice_t device, int valuesCount,
                                                      nvmlFieldValue_t* values) {
  return shim().with_gpu(device, [&](const Gpu& gpu) {
    if (valuesCount < 0 || (valuesCount > 0 && values == nullptr)) {
      return NVML_ERROR_INVALID_ARGUMENT;
    }
    const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    for (int i = 0; i < valuesCount; ++i) {
      auto& field = values[i];
      field.timestamp = now_us;
      field.latencyUsec = 0;
      if (field.fieldId == NVML_FI_DEV_MEMORY_TEMP && gpu.memory_temp) {
        field.valueType = NVML_VALUE_TYPE_UNSIGNED_INT;
        field.value.uiVal = *gpu.memory_temp;
        field.nvmlReturn = NVML_SUCCESS;
      } else {
        field.nvmlReturn = NVML_ERROR_NOT_SUPPORTED;
      }
    }
    return NVML_SUCCESS;
  });
}

#endif
