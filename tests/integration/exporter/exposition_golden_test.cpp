// The whole `dc-exporter --one-shot` exposition over the 8-GPU fixture, compared with a golden file and
// linted by the real promtool. DCM_UPDATE_GOLDEN=1 rewrites the golden after an intended change.
#include <gtest/gtest.h>

#include "tests/support/fixture_tree.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/nvml_shim/nvml_shim_paths.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"
#include "tests/support/promtool.hpp"

namespace dcm::test {
namespace {

// Every metric of every section on.
constexpr const char* kAllMetrics = R"ini([agent]
machine_id=auto
interval=5

[gpu]
enabled=1
DCGM_FI_DEV_VRAM_TEMP
DCGM_FI_DEV_HOT_SPOT_TEMP
DCGM_FI_DEV_FAN_SPEED
DCGM_FI_DEV_CLOCKS_THROTTLE_REASON
GPU_AER_TOTAL_ERRORS
GPU_AER_ERROR_STATE
DCGM_FI_DEV_GPU_TEMP
DCGM_FI_DEV_POWER_USAGE

[system]
enabled=1
SYS_LOAD_AVG
SYS_CPU_USAGE
SYS_MEM_USED

[ipmi]
enabled=0
)ini";

// The eight_gpus fixture with its BAR files materialised, read through the NVML shim.
std::string one_shot(const TempDir& dir) {
  write_file(dir / "config.ini", kAllMetrics);
  materialize_fixture(fixture_path("exporter/eight_gpus"), dir / "fixture");
  auto result = run_process(
      {binary_path("dc-exporter").string(), "--one-shot", "--config", (dir / "config.ini").string(),
       "--sysfs-root", (dir / "fixture/sysfs").string(), "--procfs-root", (dir / "fixture/procfs").string(),
       "--nvml-lib", nvml_shim_path().string()},
      {}, {{kNvmlShimConfigEnv, (dir / "fixture/nvml.json").string()}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

TEST(ExpositionGolden, OneShotOverEightGpusMatchesTheGoldenFile) {
  TempDir dir;
  expect_matches_golden(filter_volatile(one_shot(dir)), "exporter/eight_gpus.golden");
}

// The only promtool findings allowed are those the seed's own names cause: dcgm-exporter's camelCase label
// (modelName) on every per-GPU family, the seed's counter GPU_AER_TOTAL_ERRORS without a _total suffix, and
// the seed's gauge dc_exporter_gpu_count ending in _count. Anything else is a bug in our exposition.
TEST(ExpositionGolden, PromtoolFindsOnlyWhatTheSeedsNamesCause) {
  TempDir dir;
  const std::string camel = " label names should be written in 'snake_case' not 'camelCase'";
  std::vector<std::string> expected;
  for (const char* family : {"DCGM_FI_DEV_CLOCKS_THROTTLE_REASON", "DCGM_FI_DEV_FAN_SPEED",
                             "DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_DEV_HOT_SPOT_TEMP", "DCGM_FI_DEV_POWER_USAGE",
                             "DCGM_FI_DEV_VRAM_TEMP", "GPU_AER_ERROR_STATE"}) {
    expected.push_back(family + camel);
  }
  expected.push_back("GPU_AER_TOTAL_ERRORS counter metrics should have \"_total\" suffix");
  expected.push_back("GPU_AER_TOTAL_ERRORS" + camel);
  expected.push_back(
      "dc_exporter_gpu_count non-histogram and non-summary metrics should not have \"_count\" suffix");
  expected.push_back("dc_exporter_gpu_usable" + camel);
  EXPECT_EQ(promtool_check_metrics(one_shot(dir)), expected);
}

}  // namespace
}  // namespace dcm::test
