// /etc/dc-exporter/config.ini, exactly the seed's format: [agent] settings, then [gpu], [system] and [ipmi]
// sections with `enabled=0|1` and bare metric names, one a line. Unknown names and keys are errors that name
// the line; the known names are listed in the message.
#pragma once

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/log/logging.hpp"
#include "exporter/metric_catalog.hpp"

namespace dcm::exporter {

struct SectionConfig {
  bool enabled = false;
  std::set<std::string, std::less<>> metrics;
};

struct ExporterConfig {
  std::string machine_id = "auto";           // "auto": the host name
  std::chrono::seconds interval{5};          // how often collectors run
  std::chrono::seconds collector_timeout{};  // a collection running longer is hung; 0 means 2 x interval
  SectionConfig gpu;
  SectionConfig system;
  SectionConfig ipmi;
  // Sensor names (shell patterns, case-insensitive) that identify the inlet and exhaust sensors of the BMC.
  std::vector<std::string> inlet_sensors{"*inlet*", "*intake*", "*ambient*", "*front*panel*"};
  std::vector<std::string> exhaust_sensors{"*exhaust*", "*outlet*", "*rear*"};

  const SectionConfig& section(Section which) const;
  SectionConfig& section(Section which) {
    return const_cast<SectionConfig&>(static_cast<const ExporterConfig&>(*this).section(which));
  }
  // True when the metric's section is enabled and the metric is listed in it.
  bool exports(std::string_view metric) const;
  std::chrono::seconds effective_timeout() const {
    return collector_timeout.count() > 0 ? collector_timeout : 2 * interval;
  }
};

// The seed's config.ini, used when the file does not exist.
std::string_view default_config_text();

// Throws core::config::ConfigError ("config.ini:LINE: ...").
ExporterConfig parse_config(std::string_view text, const std::string& file_name);

// Reads the file; a missing file gives the built-in defaults and one info line on `logger`. An unreadable
// file (permissions) is an error, not a silent default.
ExporterConfig load_config(const std::filesystem::path& path, const core::log::Logger& logger);

}  // namespace dcm::exporter
