// Where tests find the NVML stand-ins built from nvml_shim.cpp: in ${CMAKE_BINARY_DIR}/lib, the sibling of
// the bin directory that binary_path() points at (so $DCM_BIN_DIR moves both), and how they are configured.
#pragma once

#include <filesystem>
#include <string_view>

#include "tests/support/paths.hpp"

namespace dcm::test {

inline constexpr std::string_view kNvmlShim = "libnvidia-ml-shim.so";
// Without nvmlDeviceGetFieldValues and nvmlDeviceGetCurrentClocksEventReasons (an old driver).
inline constexpr std::string_view kNvmlShimMinimal = "libnvidia-ml-shim-minimal.so";
// The environment variable naming the JSON file the shim serves.
inline constexpr const char* kNvmlShimConfigEnv = "DCM_NVML_SHIM_CONFIG";

inline std::filesystem::path nvml_shim_path(std::string_view name = kNvmlShim) {
  return binary_path("dc-exporter").parent_path().parent_path() / "lib" / name;
}

}  // namespace dcm::test
