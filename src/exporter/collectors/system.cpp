#include "exporter/collectors/system.hpp"

#include "core/config/text.hpp"
#include "exporter/metric_catalog.hpp"

namespace dcm::exporter::collectors {
namespace {

using core::config::parse_double;
using core::config::parse_int;
using core::config::split_fields;
using core::config::split_lines;

class SystemCollector final : public Collector {
 public:
  explicit SystemCollector(const CollectorContext& context)
      : config_(context.config), procfs_(context.procfs) {}

  std::string_view name() const override { return "system"; }

  CollectStatus collect(core::metrics::MetricSet& out) override {
    std::string errors;
    auto note = [&errors](const std::string& what) { errors += (errors.empty() ? "" : "; ") + what; };

    if (config_.exports(metric::kLoadAvg)) {
      auto text = procfs_.read("loadavg", 4096);
      auto load = text ? parse_loadavg(text.data) : std::nullopt;
      if (load) {
        const auto& info = metric_info(metric::kLoadAvg);
        out.add(info.name, info.help, info.type, {{"period", "1m"}}, load->one);
        out.add(info.name, info.help, info.type, {{"period", "5m"}}, load->five);
        out.add(info.name, info.help, info.type, {{"period", "15m"}}, load->fifteen);
      } else {
        note(procfs_.display("loadavg", "/proc") + ": unreadable or malformed");
      }
    }
    if (config_.exports(metric::kCpuUsage)) {
      auto text = procfs_.read("stat", 1 << 20);
      auto now = text ? parse_cpu_times(text.data) : std::nullopt;
      if (now) {
        // The first run has no earlier reading: it reports the average since boot.
        auto usage = cpu_usage_percent(previous_.value_or(CpuTimes{}), *now);
        previous_ = now;
        if (usage) {
          const auto& info = metric_info(metric::kCpuUsage);
          out.add(info.name, info.help, info.type, {}, *usage);
        }
      } else {
        note(procfs_.display("stat", "/proc") + ": unreadable or malformed cpu line");
      }
    }
    if (config_.exports(metric::kMemUsed)) {
      auto text = procfs_.read("meminfo", 1 << 16);
      auto used = text ? parse_memory_used_percent(text.data) : std::nullopt;
      if (used) {
        const auto& info = metric_info(metric::kMemUsed);
        out.add(info.name, info.help, info.type, {}, *used);
      } else {
        note(procfs_.display("meminfo", "/proc") + ": unreadable or malformed (no MemTotal)");
      }
    }
    return errors.empty() ? CollectStatus::success() : CollectStatus::failure(errors);
  }

 private:
  const ExporterConfig& config_;
  const core::sys::FsRoot& procfs_;
  std::optional<CpuTimes> previous_;
};

}  // namespace

std::optional<LoadAverage> parse_loadavg(std::string_view text) {
  auto fields = split_fields(core::config::trim(text));
  if (fields.size() < 3) {
    return std::nullopt;
  }
  auto one = parse_double(fields[0]);
  auto five = parse_double(fields[1]);
  auto fifteen = parse_double(fields[2]);
  if (!one || !five || !fifteen || *one < 0 || *five < 0 || *fifteen < 0) {
    return std::nullopt;
  }
  return LoadAverage{*one, *five, *fifteen};
}

std::optional<CpuTimes> parse_cpu_times(std::string_view proc_stat) {
  for (auto line : split_lines(proc_stat)) {
    auto fields = split_fields(line);
    if (fields.empty() || fields[0] != "cpu") {
      continue;
    }
    // cpu user nice system idle iowait irq softirq steal guest guest_nice; old kernels stop after idle.
    if (fields.size() < 5) {
      return std::nullopt;
    }
    std::array<std::uint64_t, 8> ticks{};
    for (std::size_t i = 1; i < fields.size() && i <= ticks.size(); ++i) {
      auto value = parse_int<std::uint64_t>(fields[i]);
      if (!value) {
        return std::nullopt;
      }
      ticks[i - 1] = *value;
    }
    const auto idle = ticks[3] + ticks[4];
    CpuTimes times;
    times.busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
    times.total = times.busy + idle;
    return times;
  }
  return std::nullopt;
}

std::optional<double> cpu_usage_percent(const CpuTimes& before, const CpuTimes& after) {
  if (after.total <= before.total || after.busy < before.busy) {
    return std::nullopt;
  }
  const auto total = static_cast<double>(after.total - before.total);
  const auto busy = static_cast<double>(after.busy - before.busy);
  return busy > total ? 100.0 : 100.0 * busy / total;
}

std::optional<double> parse_memory_used_percent(std::string_view meminfo) {
  std::optional<std::uint64_t> total, available, free, buffers, cached;
  for (auto line : split_lines(meminfo)) {
    auto fields = split_fields(line);
    if (fields.size() < 2) {
      continue;
    }
    auto value = parse_int<std::uint64_t>(fields[1]);
    if (fields[0] == "MemTotal:") {
      total = value;
    } else if (fields[0] == "MemAvailable:") {
      available = value;
    } else if (fields[0] == "MemFree:") {
      free = value;
    } else if (fields[0] == "Buffers:") {
      buffers = value;
    } else if (fields[0] == "Cached:") {
      cached = value;
    }
  }
  if (!total || *total == 0) {
    return std::nullopt;
  }
  if (!available) {
    if (!free) {
      return std::nullopt;
    }
    available = *free + buffers.value_or(0) + cached.value_or(0);
  }
  const auto used = *total > *available ? *total - *available : 0;
  return 100.0 * static_cast<double>(used) / static_cast<double>(*total);
}

std::shared_ptr<Collector> make_system_collector(const CollectorContext& context) {
  return std::make_shared<SystemCollector>(context);
}

}  // namespace dcm::exporter::collectors
