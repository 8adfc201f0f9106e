// Prometheus text exposition format 0.0.4, and nothing else: no registry, no HTTP.
#pragma once

#include <span>
#include <string>

#include "core/metrics/family.hpp"

namespace dcm::core::metrics {

inline constexpr const char* kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

class TextWriter {
 public:
  // Families are written sorted by name (deterministic output, readable golden diffs); samples keep the
  // order they were added in. Families without samples are left out. Label values and HELP text are
  // escaped; numbers are formatted locale-independently (std::to_chars), NaN and infinities as Prometheus
  // spells them. Throws std::invalid_argument on an invalid label name.
  static std::string write(std::span<const Family> families);
  static std::string write(const MetricSet& set) { return write(set.families()); }

  static std::string format_value(double value);
  static std::string escape_label_value(std::string_view value);
  static std::string escape_help(std::string_view help);
};

}  // namespace dcm::core::metrics
