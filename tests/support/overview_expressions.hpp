// Every PromQL expression dc-overview writes for a fleet, with where it comes from, for the tests that
// check names against the known-metric table, run them through promtool, and query them in a real
// Prometheus. Compiled into the overview test targets (it needs dcm_overview; dcm_test_support does not).
#pragma once

#include <string>
#include <vector>

#include "overview/inventory.hpp"

namespace dcm::test {

struct OverviewExpression {
  enum class Kind { kRecording, kAlert, kPanel, kVariable };
  Kind kind;
  std::string where;  // "recording instance:...", "alert GpuMissing", "dashboard dcm-overview panel 'GPUs'"
  std::string expr;   // for kVariable: the selector inside label_values(...)
  std::string label;  // for kVariable: the label it lists
};

std::vector<OverviewExpression> overview_expressions(const overview::Fleet& fleet);

// Grafana's variables replaced the way "All" selects them ($job -> .*), $__rate_interval -> 1m.
std::string substitute_grafana_variables(std::string expr);

}  // namespace dcm::test
