// Recording rules (rules/recording.yml) for the dashboards' expensive queries and alerting rules
// (rules/alerts.yml) with `for:` and a severity label. Both are data first (tests walk the expressions
// against the known-metric table), YAML second. Rules for a job the fleet does not scrape are left out, so
// no alert waits on a series nobody emits.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "overview/inventory.hpp"
#include "overview/output.hpp"

namespace dcm::overview {

struct RecordingRule {
  std::string record;
  std::string expr;
  std::string labels;  // the labels the result keeps, space-separated (for the known-label checks)
  std::string comment;
};

struct AlertRule {
  std::string name;
  std::string expr;
  std::chrono::seconds for_duration{0};
  std::string severity;  // "warning" or "critical"
  std::string summary;
  std::string description;
};

struct AlertGroup {
  std::string name;
  std::vector<AlertRule> rules;
};

std::vector<RecordingRule> recording_rules(const Fleet& fleet);
std::vector<AlertGroup> alert_groups(const Fleet& fleet);

std::string render_recording_rules(const Fleet& fleet, const RenderContext& context);
std::string render_alert_rules(const Fleet& fleet, const RenderContext& context);

// The filesystems the disk alerts and panels ignore (memory-backed and read-only images), by type only:
// no site's mount points are baked in.
inline constexpr const char* kIgnoredFsTypes = "tmpfs|ramfs|squashfs|iso9660|fuse\\\\..*";
// Throttle reasons that mean heat (NVML's names, as dc-exporter's reason label spells them).
inline constexpr const char* kThermalThrottleReasons = "SwThermalSlowdown|HwThermalSlowdown|HwSlowdown";

}  // namespace dcm::overview
