// rules/tests/alerts_test.yml: `promtool test rules` cases for every alert in rules/alerts.yml, written from
// the same thresholds. Each case feeds series that must fire the alert and series that must not, and
// checks both before the alert's `for:` has passed (quiet) and after (firing, with exact labels).
#pragma once

#include <string>
#include <vector>

#include "overview/inventory.hpp"
#include "overview/output.hpp"

namespace dcm::overview {

struct SeriesInput {
  std::string series;  // 'metric{label="value",...}'
  std::string values;  // promtool expanding notation: "95x10", "0 0 1x5", "40+1x60"
};

struct ExpectedAlert {
  std::vector<std::pair<std::string, std::string>> labels;  // the alert's labels, severity included
  double value = 0;  // the alert's value at the evaluation time, for {{ $value }} in its annotations
};

struct ExpectedAlerts {
  long long eval_minutes = 0;
  std::vector<ExpectedAlert> alerts;  // empty: quiet
};

struct AlertTestCase {
  std::string alert;
  std::string name;  // what the case shows
  std::vector<SeriesInput> series;
  std::vector<ExpectedAlerts> checks;
};

std::vector<AlertTestCase> alert_test_cases(const Fleet& fleet);

// An annotation template as Prometheus expands it, for the forms the rules use: {{ $labels.NAME }},
// {{ $value }} and {{ $value | printf "%.1f" }}.
std::string expand_annotation(const std::string& text,
                              const std::vector<std::pair<std::string, std::string>>& labels, double value);
std::string render_alert_tests(const Fleet& fleet, const RenderContext& context);

}  // namespace dcm::overview
