#include "core/metrics/family.hpp"

#include <algorithm>
#include <stdexcept>

namespace dcm::core::metrics {
namespace {

bool is_name_start(char c, bool allow_colon) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allow_colon && c == ':');
}

bool is_name_char(char c, bool allow_colon) {
  return is_name_start(c, allow_colon) || (c >= '0' && c <= '9');
}

bool is_valid_name(std::string_view name, bool allow_colon) {
  if (name.empty() || !is_name_start(name.front(), allow_colon)) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [&](char c) { return is_name_char(c, allow_colon); });
}

}  // namespace

bool is_valid_metric_name(std::string_view name) {
  return is_valid_name(name, true);
}

bool is_valid_label_name(std::string_view name) {
  return is_valid_name(name, false) && !name.starts_with("__");
}

Family& MetricSet::family(std::string_view name, std::string_view help, MetricType type) {
  for (auto& existing : families_) {
    if (existing.name == name) {
      if (existing.type != type) {
        throw std::invalid_argument("metric " + std::string(name) + " registered with two different types");
      }
      return existing;
    }
  }
  if (!is_valid_metric_name(name)) {
    throw std::invalid_argument("invalid metric name '" + std::string(name) + "'");
  }
  families_.push_back(Family{std::string(name), std::string(help), type, {}});
  return families_.back();
}

void MetricSet::merge(const MetricSet& other) {
  for (const auto& source : other.families_) {
    auto& target = family(source.name, source.help, source.type);
    target.samples.insert(target.samples.end(), source.samples.begin(), source.samples.end());
  }
}

}  // namespace dcm::core::metrics
