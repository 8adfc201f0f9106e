#include "exporter/config.hpp"

#include <fstream>
#include <sstream>

#include "core/config/config_error.hpp"
#include "core/config/ini_reader.hpp"
#include "core/config/text.hpp"

namespace dcm::exporter {
namespace {

using core::config::ConfigError;
using core::config::IniEntry;

constexpr std::string_view kDefaultConfig = R"ini([agent]
machine_id=auto
interval=5

[gpu]
enabled=1
DCGM_FI_DEV_VRAM_TEMP
DCGM_FI_DEV_HOT_SPOT_TEMP
DCGM_FI_DEV_FAN_SPEED
DCGM_FI_DEV_CLOCKS_THROTTLE_REASON
GPU_AER_TOTAL_ERRORS
GPU_AER_ERROR_STATE
# Uncomment if not using dcgm-exporter:
#DCGM_FI_DEV_GPU_TEMP
#DCGM_FI_DEV_POWER_USAGE

[system]
enabled=1
SYS_LOAD_AVG
SYS_CPU_USAGE
SYS_MEM_USED

[ipmi]
enabled=1
IPMI_INLET_TEMP
IPMI_EXHAUST_TEMP
)ini";

std::string known_metrics(Section section) {
  std::string out;
  for (const auto& info : metric_catalog()) {
    if (info.section == section) {
      out += out.empty() ? "" : ", ";
      out += info.name;
    }
  }
  return out;
}

const std::string& require_value(const IniEntry& entry, const std::string& file) {
  if (!entry.value) {
    throw ConfigError(file, entry.line, "'" + entry.key + "' needs a value (expected " + entry.key + "=...)");
  }
  return *entry.value;
}

bool parse_flag(const IniEntry& entry, const std::string& file) {
  const auto& value = require_value(entry, file);
  if (value == "1") {
    return true;
  }
  if (value == "0") {
    return false;
  }
  throw ConfigError(file, entry.line, entry.key + ": invalid value '" + value + "' (expected 0 or 1)");
}

std::chrono::seconds parse_seconds(const IniEntry& entry, const std::string& file, int minimum) {
  const auto& value = require_value(entry, file);
  std::string_view digits = value;
  if (digits.ends_with('s')) {
    digits.remove_suffix(1);
  }
  auto seconds = core::config::parse_int<int>(digits);
  if (!seconds || *seconds < minimum || *seconds > 3600) {
    throw ConfigError(file, entry.line,
                      entry.key + ": invalid value '" + value + "' (expected whole seconds from " +
                          std::to_string(minimum) + " to 3600)");
  }
  return std::chrono::seconds(*seconds);
}

std::vector<std::string> parse_patterns(const IniEntry& entry, const std::string& file) {
  std::vector<std::string> patterns;
  std::string_view rest = require_value(entry, file);
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto item = core::config::trim(rest.substr(0, comma));
    if (!item.empty()) {
      patterns.emplace_back(item);
    }
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  if (patterns.empty()) {
    throw ConfigError(file, entry.line, entry.key + ": no patterns (expected a comma-separated list)");
  }
  return patterns;
}

void parse_agent(const core::config::IniSection& section, const std::string& file, ExporterConfig& config) {
  for (const auto& entry : section.entries) {
    if (entry.key == "machine_id") {
      config.machine_id = require_value(entry, file);
      if (config.machine_id.empty()) {
        throw ConfigError(file, entry.line, "machine_id: empty (expected 'auto' or a name)");
      }
    } else if (entry.key == "interval") {
      config.interval = parse_seconds(entry, file, 1);
    } else if (entry.key == "collector_timeout") {
      config.collector_timeout = parse_seconds(entry, file, 1);
    } else {
      throw ConfigError(
          file, entry.line,
          "unknown key '" + entry.key + "' in [agent] (known: machine_id, interval, collector_timeout)");
    }
  }
}

void parse_metric_section(const core::config::IniSection& ini, Section which, const std::string& file,
                          ExporterConfig& config) {
  auto& section = config.section(which);
  section.enabled = true;  // a section that is present but says nothing about enabled is on
  for (const auto& entry : ini.entries) {
    if (entry.value) {
      if (entry.key == "enabled") {
        section.enabled = parse_flag(entry, file);
      } else if (which == Section::kIpmi && entry.key == "inlet_sensors") {
        config.inlet_sensors = parse_patterns(entry, file);
      } else if (which == Section::kIpmi && entry.key == "exhaust_sensors") {
        config.exhaust_sensors = parse_patterns(entry, file);
      } else {
        std::string known = which == Section::kIpmi ? "enabled, inlet_sensors, exhaust_sensors" : "enabled";
        throw ConfigError(file, entry.line,
                          "unknown key '" + entry.key + "' in [" + std::string(section_name(which)) +
                              "] (known: " + known + ")");
      }
      continue;
    }
    bool known = false;
    for (const auto& info : metric_catalog()) {
      known = known || (info.name == entry.key && info.section == which);
    }
    if (!known) {
      throw ConfigError(file, entry.line,
                        "unknown metric '" + entry.key + "' (known: " + known_metrics(which) + ")");
    }
    section.metrics.insert(entry.key);
  }
}

}  // namespace

const SectionConfig& ExporterConfig::section(Section which) const {
  switch (which) {
    case Section::kGpu:
      return gpu;
    case Section::kSystem:
      return system;
    case Section::kIpmi:
      break;
  }
  return ipmi;
}

bool ExporterConfig::exports(std::string_view metric) const {
  for (const auto& info : metric_catalog()) {
    if (info.name == metric) {
      const auto& owner = section(info.section);
      return owner.enabled && owner.metrics.contains(metric);
    }
  }
  return false;
}

std::string_view default_config_text() {
  return kDefaultConfig;
}

ExporterConfig parse_config(std::string_view text, const std::string& file_name) {
  auto document = core::config::parse_ini(text, file_name);
  ExporterConfig config;
  for (const auto& section : document.sections) {
    if (section.name == "agent") {
      parse_agent(section, file_name, config);
    } else if (section.name == "gpu") {
      parse_metric_section(section, Section::kGpu, file_name, config);
    } else if (section.name == "system") {
      parse_metric_section(section, Section::kSystem, file_name, config);
    } else if (section.name == "ipmi") {
      parse_metric_section(section, Section::kIpmi, file_name, config);
    } else {
      throw ConfigError(file_name, section.line,
                        "unknown section [" + section.name + "] (known: agent, gpu, system, ipmi)");
    }
  }
  return config;
}

ExporterConfig load_config(const std::filesystem::path& path, const core::log::Logger& logger) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    logger->info("{} not found; using the built-in default configuration", path.string());
    return parse_config(default_config_text(), "<built-in config.ini>");
  }
  std::ifstream in(path);
  if (!in) {
    throw core::config::ConfigError(path.string(), 0, "cannot be read (check its permissions)");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_config(buffer.str(), path.string());
}

}  // namespace dcm::exporter
