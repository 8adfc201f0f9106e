// Our own declarations of the few NVML types, constants and entry points dc-exporter uses. No NVIDIA header
// is needed to build: the library is loaded with dlopen at run time and these describe its C ABI.
//
// Written from NVIDIA's nvml.h, "NVML VERSION: 13.3.29" (NVML_API_VERSION 13, as carried by
// github.com/NVIDIA/go-nvml pkg/nvml/nvml.h). Every declaration below has the same value and layout in the
// NVML 11 and 12 headers; names keep NVML's spelling so they can be checked against the header and its docs.
#pragma once

#include <cstddef>

namespace dcm::exporter::nvml {

// nvmlReturn_t. A C enum: int-sized on every Linux ABI, so a fixed `int` underlying type is exact.
enum nvmlReturn_t : int {
  NVML_SUCCESS = 0,
  NVML_ERROR_UNINITIALIZED = 1,
  NVML_ERROR_INVALID_ARGUMENT = 2,
  NVML_ERROR_NOT_SUPPORTED = 3,
  NVML_ERROR_NO_PERMISSION = 4,
  NVML_ERROR_ALREADY_INITIALIZED = 5,
  NVML_ERROR_NOT_FOUND = 6,
  NVML_ERROR_INSUFFICIENT_SIZE = 7,
  NVML_ERROR_INSUFFICIENT_POWER = 8,
  NVML_ERROR_DRIVER_NOT_LOADED = 9,
  NVML_ERROR_TIMEOUT = 10,
  NVML_ERROR_IRQ_ISSUE = 11,
  NVML_ERROR_LIBRARY_NOT_FOUND = 12,
  NVML_ERROR_FUNCTION_NOT_FOUND = 13,
  NVML_ERROR_CORRUPTED_INFOROM = 14,
  NVML_ERROR_GPU_IS_LOST = 15,
  NVML_ERROR_RESET_REQUIRED = 16,
  NVML_ERROR_OPERATING_SYSTEM = 17,
  NVML_ERROR_LIB_RM_VERSION_MISMATCH = 18,
  NVML_ERROR_IN_USE = 19,
  NVML_ERROR_MEMORY = 20,
  NVML_ERROR_NO_DATA = 21,
  NVML_ERROR_UNKNOWN = 999,
};

// nvmlDevice_t: an opaque handle, valid between nvmlInit and nvmlShutdown.
struct nvmlDevice_st;
using nvmlDevice_t = nvmlDevice_st*;

// nvmlTemperatureSensors_t
enum nvmlTemperatureSensors_t : int {
  NVML_TEMPERATURE_GPU = 0,  // the GPU die
};

// nvmlValueType_t
enum nvmlValueType_t : int {
  NVML_VALUE_TYPE_DOUBLE = 0,
  NVML_VALUE_TYPE_UNSIGNED_INT = 1,
  NVML_VALUE_TYPE_UNSIGNED_LONG = 2,
  NVML_VALUE_TYPE_UNSIGNED_LONG_LONG = 3,
  NVML_VALUE_TYPE_SIGNED_LONG_LONG = 4,
  NVML_VALUE_TYPE_SIGNED_INT = 5,
  NVML_VALUE_TYPE_UNSIGNED_SHORT = 6,
};

// nvmlValue_t
union nvmlValue_t {
  double dVal;
  int siVal;
  unsigned int uiVal;
  unsigned long ulVal;
  unsigned long long ullVal;
  signed long long sllVal;
  unsigned short usVal;
};

// nvmlFieldValue_t, the in/out element of nvmlDeviceGetFieldValues: the caller sets fieldId (and scopeId);
// NVML fills the rest. `value` is meaningful only when nvmlReturn is NVML_SUCCESS.
struct nvmlFieldValue_t {
  unsigned int fieldId;
  unsigned int scopeId;
  long long timestamp;  // microseconds since 1970
  long long latencyUsec;
  nvmlValueType_t valueType;
  nvmlReturn_t nvmlReturn;
  nvmlValue_t value;
};
static_assert(sizeof(nvmlFieldValue_t) == 40, "nvmlFieldValue_t must match NVML's layout");
static_assert(offsetof(nvmlFieldValue_t, valueType) == 24 && offsetof(nvmlFieldValue_t, value) == 32,
              "nvmlFieldValue_t must match NVML's layout");

// Field ids for nvmlDeviceGetFieldValues (NVML_FI_*).
inline constexpr unsigned int NVML_FI_DEV_MEMORY_TEMP = 82;  // memory (HBM) temperature, degrees C

// Bits of nvmlDeviceGetCurrentClocksEventReasons / nvmlDeviceGetCurrentClocksThrottleReasons
// (nvmlClocksEventReason* and their older nvmlClocksThrottleReason* aliases: same values).
inline constexpr unsigned long long nvmlClocksThrottleReasonGpuIdle = 0x1ULL;
inline constexpr unsigned long long nvmlClocksThrottleReasonApplicationsClocksSetting = 0x2ULL;
inline constexpr unsigned long long nvmlClocksThrottleReasonSwPowerCap = 0x4ULL;
inline constexpr unsigned long long nvmlClocksThrottleReasonHwSlowdown = 0x8ULL;
inline constexpr unsigned long long nvmlClocksThrottleReasonSyncBoost = 0x10ULL;
inline constexpr unsigned long long nvmlClocksThrottleReasonSwThermalSlowdown = 0x20ULL;
inline constexpr unsigned long long nvmlClocksThrottleReasonHwThermalSlowdown = 0x40ULL;
inline constexpr unsigned long long nvmlClocksThrottleReasonHwPowerBrakeSlowdown = 0x80ULL;
inline constexpr unsigned long long nvmlClocksThrottleReasonDisplayClockSetting = 0x100ULL;

// Entry points, as function pointer types (the library is never linked).
extern "C" {
using nvmlInit_fn = nvmlReturn_t (*)();      // nvmlInit_v2 (nvmlInit on drivers older than NVML 5)
using nvmlShutdown_fn = nvmlReturn_t (*)();  // nvmlShutdown
using nvmlErrorString_fn = const char* (*)(nvmlReturn_t);
// nvmlDeviceGetHandleByPciBusId_v2: bus id as "domain:bus:device.function" in hex, e.g. "00000000:01:00.0".
using nvmlDeviceGetHandleByPciBusId_fn = nvmlReturn_t (*)(const char* pciBusId, nvmlDevice_t* device);
// nvmlDeviceGetTemperature: degrees C.
using nvmlDeviceGetTemperature_fn = nvmlReturn_t (*)(nvmlDevice_t device, nvmlTemperatureSensors_t sensorType,
                                                     unsigned int* temp);
// nvmlDeviceGetPowerUsage: milliwatts.
using nvmlDeviceGetPowerUsage_fn = nvmlReturn_t (*)(nvmlDevice_t device, unsigned int* power);
// nvmlDeviceGetFanSpeed: percent of the maximum (may exceed 100); NVML_ERROR_NOT_SUPPORTED without a fan.
using nvmlDeviceGetFanSpeed_fn = nvmlReturn_t (*)(nvmlDevice_t device, unsigned int* speed);
// nvmlDeviceGetCurrentClocksEventReasons (NVML 12.2+) and nvmlDeviceGetCurrentClocksThrottleReasons (older
// name, deprecated in 13.0): a bit mask of the nvmlClocksThrottleReason* bits above.
using nvmlDeviceGetClocksReasons_fn = nvmlReturn_t (*)(nvmlDevice_t device, unsigned long long* reasons);
using nvmlDeviceGetFieldValues_fn = nvmlReturn_t (*)(nvmlDevice_t device, int valuesCount,
                                                     nvmlFieldValue_t* values);
// nvmlDeviceGetUUID and nvmlDeviceGetName: NUL-terminated into the caller's buffer.
using nvmlDeviceGetString_fn = nvmlReturn_t (*)(nvmlDevice_t device, char* buffer, unsigned int length);
}

inline constexpr unsigned int NVML_DEVICE_UUID_V2_BUFFER_SIZE = 96;
inline constexpr unsigned int NVML_DEVICE_NAME_V2_BUFFER_SIZE = 96;

}  // namespace dcm::exporter::nvml
