#include "exporter/collectors/ipmi_local.hpp"

#include <algorithm>
#include <cmath>

#include <fnmatch.h>

#include "exporter/metric_catalog.hpp"

namespace dcm::exporter::collectors {
namespace {

bool matches_any(const std::string& name, std::span<const std::string> patterns) {
  return std::any_of(patterns.begin(), patterns.end(), [&name](const std::string& pattern) {
    return ::fnmatch(pattern.c_str(), name.c_str(), FNM_CASEFOLD) == 0;
  });
}

std::optional<double> celsius(const TemperatureReading& reading) {
  if (!reading.value || !std::isfinite(*reading.value)) {
    return std::nullopt;
  }
  switch (reading.unit) {
    case TemperatureUnit::kCelsius:
      return *reading.value;
    case TemperatureUnit::kFahrenheit:
      return (*reading.value - 32.0) * 5.0 / 9.0;
    case TemperatureUnit::kOther:
      break;
  }
  return std::nullopt;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "\"" : ", \"") + name + "\"";
  }
  return out.empty() ? "none" : out;
}

class IpmiLocalCollector final : public Collector {
 public:
  explicit IpmiLocalCollector(const CollectorContext& context)
      : config_(context.config),
        hostname_(context.hostname),
        reader_(context.ipmi),
        logger_(core::log::child(context.logger, "collector=ipmi_local")) {}

  std::string_view name() const override { return "ipmi_local"; }

  CollectStatus collect(core::metrics::MetricSet& out) override {
    auto scan = reader_.read_temperatures();
    if (scan.no_device) {
      return CollectStatus::unavailable(std::move(scan.error));
    }
    if (!scan.error.empty()) {
      return CollectStatus::failure(std::move(scan.error));
    }
    auto selection = add_temperature_metrics(scan.readings, config_, hostname_, out);
    auto description = describe_selection(selection);
    if (description != last_description_) {
      // Logged when the BMC's sensors or their matching change, not every interval.
      logger_->info("{}: {}", reader_.bmc(), description);
      last_description_ = std::move(description);
    }
    return CollectStatus::success();
  }

 private:
  const ExporterConfig& config_;
  std::string hostname_;
  IpmiSensorReader reader_;
  core::log::Logger logger_;
  std::string last_description_;
};

}  // namespace

SensorRole classify_sensor(std::string_view name, std::span<const std::string> inlet_patterns,
                           std::span<const std::string> exhaust_patterns) {
  const std::string text(name);
  if (matches_any(text, inlet_patterns)) {
    return SensorRole::kInlet;
  }
  if (matches_any(text, exhaust_patterns)) {
    return SensorRole::kExhaust;
  }
  return SensorRole::kOther;
}

TemperatureSelection add_temperature_metrics(std::span<const TemperatureReading> readings,
                                             const ExporterConfig& config, const std::string& hostname,
                                             core::metrics::MetricSet& out) {
  TemperatureSelection selection;
  auto taken = [&selection](const std::string& name) {
    return std::find(selection.inlet.begin(), selection.inlet.end(), name) != selection.inlet.end() ||
           std::find(selection.exhaust.begin(), selection.exhaust.end(), name) != selection.exhaust.end();
  };
  for (const auto& reading : readings) {
    const auto role = classify_sensor(reading.name, config.inlet_sensors, config.exhaust_sensors);
    const auto value = celsius(reading);
    if (role == SensorRole::kOther) {
      if (value) {
        selection.unmatched.push_back(reading.name);
      }
      continue;
    }
    // Two sensors with one name would give two series with the same labels: the first one counts.
    if (!value || taken(reading.name)) {
      selection.skipped.push_back(reading.name);
      continue;
    }
    const auto metric = role == SensorRole::kInlet ? metric::kInletTemp : metric::kExhaustTemp;
    (role == SensorRole::kInlet ? selection.inlet : selection.exhaust).push_back(reading.name);
    if (config.exports(metric)) {
      const auto& info = metric_info(metric);
      out.add(info.name, info.help, info.type, {{"sensor", reading.name}, {"Hostname", hostname}}, *value);
    }
  }
  return selection;
}

std::string describe_selection(const TemperatureSelection& selection) {
  std::string text;
  if (selection.inlet.empty() && selection.exhaust.empty()) {
    text = "no temperature sensor matches [ipmi] inlet_sensors or exhaust_sensors";
  } else {
    text = "inlet " + quoted_list(selection.inlet) + "; exhaust " + quoted_list(selection.exhaust);
  }
  text += "; other temperature sensors " + quoted_list(selection.unmatched);
  if (!selection.skipped.empty()) {
    text += "; skipped (no reading or repeated name) " + quoted_list(selection.skipped);
  }
  return text;
}

std::shared_ptr<Collector> make_ipmi_local_collector(const CollectorContext& context) {
  return std::make_shared<IpmiLocalCollector>(context);
}

}  // namespace dcm::exporter::collectors
