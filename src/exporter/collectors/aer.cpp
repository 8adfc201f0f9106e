#include "exporter/collectors/aer.hpp"

#include <array>
#include <map>
#include <variant>

#include <fmt/format.h>

#include "core/config/text.hpp"
#include "exporter/gpu/gpu_error_tracker.hpp"
#include "exporter/metric_catalog.hpp"

namespace dcm::exporter::collectors {
namespace {

using core::config::parse_int;
using core::config::split_lines;
using core::config::trim;

constexpr std::size_t kMaxAerFileBytes = 16 * 1024;  // the kernel writes at most one page

struct AerFile {
  std::string_view name;
  std::string_view total_name;
  std::string_view severity;  // the severity label
  std::uint64_t AerTotals::*field;
};

constexpr std::array<AerFile, 3> kAerFiles{{
    {"aer_dev_correctable", "TOTAL_ERR_COR", "correctable", &AerTotals::correctable},
    {"aer_dev_nonfatal", "TOTAL_ERR_NONFATAL", "nonfatal", &AerTotals::nonfatal},
    {"aer_dev_fatal", "TOTAL_ERR_FATAL", "fatal", &AerTotals::fatal},
}};

struct NoAer {};  // the device has no AER statistics (AER not enabled or not supported): nothing to export
using AerRead = std::variant<NoAer, AerTotals, std::string /* error naming the file */>;

class AerCollector final : public Collector {
 public:
  explicit AerCollector(const CollectorContext& context)
      : config_(context.config),
        sysfs_(context.sysfs),
        clock_(context.clock),
        inventory_(context.inventory),
        errors_("aer", core::log::child(context.logger, "collector=aer")) {}

  std::string_view name() const override { return "aer"; }

  CollectStatus collect(core::metrics::MetricSet& out) override {
    const bool want_totals = config_.exports(metric::kAerTotalErrors);
    const bool want_state = config_.exports(metric::kAerErrorState);
    const auto inventory = inventory_.get();
    const auto now = clock_.monotonic();
    for (const auto& gpu : inventory->devices) {
      if (!gpu.usable()) {
        continue;
      }
      auto read = read_totals(gpu.bdf);
      if (std::holds_alternative<NoAer>(read)) {
        continue;
      }
      const auto bus_id = gpu.nvml_bus_id();
      errors_.seen(bus_id);
      if (const auto* error = std::get_if<std::string>(&read)) {
        errors_.failed(bus_id, gpu.bdf, *error);
        continue;
      }
      errors_.succeeded(bus_id, gpu.bdf);
      const auto& totals = std::get<AerTotals>(read);
      const auto window_start = histories_[bus_id].observe(now, totals);
      const auto labels = inventory->labels(gpu);
      if (want_totals) {
        const auto& metric = metric_info(metric::kAerTotalErrors);
        for (const auto& file : kAerFiles) {
          auto with_severity = labels;
          with_severity.emplace_back("severity", file.severity);
          out.add(metric.name, metric.help, metric.type, std::move(with_severity),
                  static_cast<double>(totals.*file.field));
        }
      }
      if (want_state) {
        const auto& metric = metric_info(metric::kAerErrorState);
        out.add(metric.name, metric.help, metric.type, labels, aer_error_state(window_start, totals));
      }
    }
    errors_.export_to(out);
    return CollectStatus::success();
  }

 private:
  AerRead read_totals(const std::string& bdf) const {
    AerTotals totals;
    std::vector<std::string> missing;
    for (const auto& file : kAerFiles) {
      const auto relative = "bus/pci/devices/" + bdf + "/" + std::string(file.name);
      const auto where = sysfs_.display(relative, "/sys");
      auto text = sysfs_.read(relative, kMaxAerFileBytes);
      if (text.error == std::errc::no_such_file_or_directory) {
        missing.push_back(where);
        continue;
      }
      if (!text) {
        return fmt::format("{}: {}", where, text.error.message());
      }
      auto counters = parse_aer_counters(text.data);
      if (!counters) {
        return fmt::format("{}: not the kernel's AER statistics format ('Name count' lines and {} count)",
                           where, file.total_name);
      }
      if (counters->total_name != file.total_name) {
        return fmt::format("{}: has {} where {} was expected", where, counters->total_name, file.total_name);
      }
      totals.*file.field = counters->total;
    }
    if (missing.size() == kAerFiles.size()) {
      return NoAer{};
    }
    if (!missing.empty()) {
      return fmt::format("{}: missing while the other AER statistics files exist", missing.front());
    }
    return totals;
  }

  const ExporterConfig& config_;
  const core::sys::FsRoot& sysfs_;
  const core::sys::Clock& clock_;
  InventoryHolder& inventory_;
  gpu::GpuErrorTracker errors_;
  std::map<std::string, AerHistory> histories_;  // by pci_bus_id
};

bool any_decreased(const AerTotals& before, const AerTotals& after) {
  return after.correctable < before.correctable || after.nonfatal < before.nonfatal ||
         after.fatal < before.fatal;
}

}  // namespace

std::optional<AerCounters> parse_aer_counters(std::string_view text) {
  AerCounters counters;
  bool have_total = false;
  for (auto raw : split_lines(text)) {
    auto line = trim(raw);
    if (line.empty()) {
      continue;
    }
    const auto cut = line.find_last_of(" \t");
    if (cut == std::string_view::npos) {
      return std::nullopt;
    }
    const auto name = trim(line.substr(0, cut));
    const auto count = parse_int<std::uint64_t>(line.substr(cut + 1));
    if (name.empty() || !count) {
      return std::nullopt;
    }
    if (name.starts_with("TOTAL_")) {
      if (have_total) {
        return std::nullopt;
      }
      have_total = true;
      counters.total_name = std::string(name);
      counters.total = *count;
    } else {
      counters.by_type.emplace_back(std::string(name), *count);
    }
  }
  if (!have_total) {
    return std::nullopt;
  }
  return counters;
}

int aer_error_state(const AerTotals& window_start, const AerTotals& now) {
  if (now.nonfatal > window_start.nonfatal || now.fatal > window_start.fatal) {
    return 2;
  }
  if (now.correctable > window_start.correctable) {
    return 1;
  }
  return 0;
}

AerTotals AerHistory::observe(std::chrono::steady_clock::time_point now, const AerTotals& totals) {
  if (points_.empty() || any_decreased(points_.back().totals, totals)) {
    points_.assign(1, Point{now, AerTotals{}});
  }
  if (points_.back().totals != totals) {
    points_.push_back(Point{now, totals});
  }
  // Keep the last point at or before the window's start (the value then) and everything after it.
  const auto start = now - window_;
  while (points_.size() >= 2 && points_[1].at <= start) {
    points_.pop_front();
  }
  return points_.front().totals;
}

std::shared_ptr<Collector> make_aer_collector(const CollectorContext& context) {
  return std::make_shared<AerCollector>(context);
}

}  // namespace dcm::exporter::collectors
