#include "bench/exporter/exposition_probe.hpp"

#include "core/config/text.hpp"

namespace dcm::bench {

std::size_t count_samples(std::string_view exposition) {
  std::size_t count = 0;
  for (auto line : core::config::split_lines(exposition)) {
    line = core::config::trim(line);
    count += !line.empty() && !line.starts_with('#') ? 1U : 0U;
  }
  return count;
}

std::vector<ProbedSample> samples_of(std::string_view exposition, std::string_view metric) {
  std::vector<ProbedSample> out;
  for (auto line : core::config::split_lines(exposition)) {
    line = core::config::trim(line);
    if (!line.starts_with(metric) || line.size() == metric.size()) {
      continue;
    }
    auto rest = line.substr(metric.size());
    ProbedSample sample;
    if (rest.front() == '{') {
      auto close = rest.rfind('}');
      if (close == std::string_view::npos) {
        continue;
      }
      sample.labels = rest.substr(1, close - 1);
      rest = rest.substr(close + 1);
    } else if (rest.front() != ' ') {
      continue;  // a longer name that starts with `metric`
    }
    auto fields = core::config::split_fields(rest);
    if (fields.empty()) {
      continue;
    }
    sample.value = fields.front();
    out.push_back(sample);
  }
  return out;
}

double sum_of_samples(std::string_view exposition, std::string_view metric) {
  double sum = 0;
  for (const auto& sample : samples_of(exposition, metric)) {
    sum += core::config::parse_double(sample.value).value_or(0.0);
  }
  return sum;
}

std::string_view label_value(std::string_view labels, std::string_view label) {
  const std::string key = std::string(label) + "=\"";
  for (std::size_t at = labels.find(key); at != std::string_view::npos; at = labels.find(key, at + 1)) {
    if (at == 0 || labels[at - 1] == ',') {
      auto start = at + key.size();
      auto end = labels.find('"', start);
      return end == std::string_view::npos ? std::string_view{} : labels.substr(start, end - start);
    }
  }
  return {};
}

std::string collector_summary(std::string_view exposition, std::string_view success_metric) {
  std::size_t ok = 0;
  std::vector<std::string_view> failed;
  for (const auto& sample : samples_of(exposition, success_metric)) {
    if (sample.value == "1") {
      ++ok;
    } else {
      failed.push_back(label_value(sample.labels, "collector"));
    }
  }
  std::string out = std::to_string(ok) + " ok";
  if (!failed.empty()) {
    out += ", " + std::to_string(failed.size()) + " failed (";
    for (std::size_t i = 0; i < failed.size(); ++i) {
      out += i == 0 ? "" : ", ";
      out += failed[i];
    }
    out += ")";
  }
  return out;
}

bool dc_exporter_first_round_done(std::string_view exposition) {
  auto durations = samples_of(exposition, "dc_exporter_collector_duration_seconds");
  if (durations.empty()) {
    return false;
  }
  for (const auto& sample : durations) {
    auto value = core::config::parse_double(sample.value);
    if (!value || *value == 0.0) {
      return false;
    }
  }
  return true;
}

}  // namespace dcm::bench
