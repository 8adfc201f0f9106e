// The one table of metric names that dc-overview's rules and dashboards may use: each name with the
// program that exports it, its labels and the document it comes from. A test walks every PromQL
// expression dc-overview writes and fails on any name or label matcher not in this table (or recorded by
// one of our own recording rules), so no panel or alert waits for a series nobody emits.
#pragma once

#include <span>
#include <string_view>

namespace dcm::overview {

enum class MetricSource {
  kPrometheus,      // series Prometheus itself makes (up, scrape_*, ALERTS)
  kNodeExporter,    // prometheus/node_exporter (Debian 12: 1.5.0)
  kDcExporter,      // ours: docs/metrics.md
  kDcgmExporter,    // NVIDIA/dcgm-exporter
  kIpmiMonitor,     // ours: issue 4 item 8 (docs/metrics.md of ipmi-monitor once it lands)
  kDcWatchdog,      // ours: issue 5 item 9
  kVastaiExporter,  // jjziets/vastai-exporter, the seed's image (docs/overview/metrics-used.md)
};

std::string_view to_string(MetricSource source);

struct KnownMetric {
  std::string_view name;
  MetricSource source;
  MetricSource also_from;   // == source when only one program exports it
  std::string_view labels;  // space-separated; "*" for any. job and instance are always allowed
  std::string_view where;   // the document that names it
};

std::span<const KnownMetric> known_metrics();
const KnownMetric* find_known_metric(std::string_view name);
bool metric_has_label(const KnownMetric& metric, std::string_view label);

}  // namespace dcm::overview
