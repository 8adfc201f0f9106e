// Is a /metrics body the Prometheus text format (or OpenMetrics)? Enough of a parse to tell an exporter
// from an HTML page, a JSON API or a login form: the reason `dc-overview check` prints "not Prometheus
// format" for a target that answers 200 with something else.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dcm::overview {

struct ExpositionCheck {
  bool ok = false;
  std::size_t samples = 0;
  std::string problem;  // when !ok: "line 1: '<!DOCTYPE html>' is not a sample"
};

ExpositionCheck check_exposition(std::string_view body);

}  // namespace dcm::overview
