// Golden-file comparison for expositions and generated configs (node_exporter's e2e test style).
// On mismatch the test fails with a unified diff; DCM_UPDATE_GOLDEN=1 rewrites the golden file instead.
#pragma once

#include <string>
#include <string_view>

namespace dcm::test {

// Removes the lines whose value changes from run to run, by the one documented list:
//   dc_exporter_build_info (version/date of this build),
//   dc_exporter_collector_duration_seconds (timings).
// Their HELP/TYPE lines stay, so a golden still shows the family exists.
std::string filter_volatile(std::string_view exposition);

// `golden` is relative to tests/fixtures ("exporter/eight_gpus.golden").
void expect_matches_golden(const std::string& actual, std::string_view golden);

}  // namespace dcm::test
