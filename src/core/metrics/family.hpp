// Plain data for one scrape: metric families and their samples. Collectors fill these; TextWriter formats
// them. Nothing here knows about HTTP or hardware (prometheus-cpp's Collectable/Serializer split).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dcm::core::metrics {

enum class MetricType { kGauge, kCounter, kUntyped };

// Labels keep the order they were written in, so expositions read the way dcgm-exporter's do.
using Labels = std::vector<std::pair<std::string, std::string>>;

struct Sample {
  Labels labels;
  double value = 0;
};

struct Family {
  std::string name;
  std::string help;
  MetricType type = MetricType::kGauge;
  std::vector<Sample> samples;
};

// Valid per the exposition format: [a-zA-Z_:][a-zA-Z0-9_:]* and [a-zA-Z_][a-zA-Z0-9_]* for labels.
bool is_valid_metric_name(std::string_view name);
bool is_valid_label_name(std::string_view name);

// Collects families by name, so that two sources adding to the same family (for example two GPU collectors
// each adding DCGM_FI_DEV_GPU_TEMP for their GPUs) produce one HELP/TYPE block.
class MetricSet {
 public:
  // Returns the family with this name, creating it with help and type on first use.
  // Throws std::invalid_argument for an invalid name, or when the type differs from the first use.
  Family& family(std::string_view name, std::string_view help, MetricType type);

  void add(std::string_view name, std::string_view help, MetricType type, Labels labels, double value) {
    family(name, help, type).samples.push_back(Sample{std::move(labels), value});
  }

  // Appends every family of other (merging by name).
  void merge(const MetricSet& other);

  const std::vector<Family>& families() const { return families_; }
  bool empty() const { return families_.empty(); }

 private:
  std::vector<Family> families_;
};

}  // namespace dcm::core::metrics
