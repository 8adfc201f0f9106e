// Just enough reading of a Prometheus text exposition to describe what a server answered: how many
// samples, and which of its collectors succeeded (dc_exporter_collector_success,
// node_scrape_collector_success).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dcm::bench {

struct ProbedSample {
  std::string_view labels;  // between the braces, empty without labels
  std::string_view value;
};

// Sample lines: neither empty nor comments.
std::size_t count_samples(std::string_view exposition);
// The samples of one metric name, in the order they appear.
std::vector<ProbedSample> samples_of(std::string_view exposition, std::string_view metric);
// The sum of the values of one metric's samples (unparsable values count as 0).
double sum_of_samples(std::string_view exposition, std::string_view metric);
// The value of `label` in a label text such as `collector="pci",x="y"`; empty when absent.
std::string_view label_value(std::string_view labels, std::string_view label);

// "12 ok, 2 failed (ipmi, nvml)" from the 0/1 samples of `success_metric`, labelled `collector`.
std::string collector_summary(std::string_view exposition, std::string_view success_metric);

// dc-exporter: true once every collector has published once, i.e. no
// dc_exporter_collector_duration_seconds sample is still exactly 0 (a scrape before that serves a partial
// snapshot and would flatter the figures).
bool dc_exporter_first_round_done(std::string_view exposition);

}  // namespace dcm::bench
