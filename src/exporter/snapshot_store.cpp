#include "exporter/snapshot_store.hpp"

#include "core/metrics/text_writer.hpp"

namespace dcm::exporter {

using core::metrics::MetricType;

SnapshotStore::SnapshotStore(const core::sys::Clock& clock, std::chrono::milliseconds timeout,
                             core::metrics::MetricSet constant, core::log::Logger logger)
    : clock_(clock), timeout_(timeout), constant_(std::move(constant)), logger_(std::move(logger)) {}

void SnapshotStore::add_collector(const std::string& name) {
  std::lock_guard lock(mutex_);
  slots_[name].state.name = name;
  dirty_ = true;
}

void SnapshotStore::begin(const std::string& name) {
  std::lock_guard lock(mutex_);
  slots_.at(name).running_since = clock_.monotonic();
}

void SnapshotStore::publish(const std::string& name, core::metrics::MetricSet metrics, CollectStatus status,
                            std::chrono::duration<double> took) {
  std::lock_guard lock(mutex_);
  auto& slot = slots_.at(name);
  if (slot.state.hung) {
    logger_->warn("collector {} returned after {:.1f}s; its series are back", name, took.count());
  }
  if (status.ok != slot.state.ok || status.error != slot.state.error) {
    // Logged when the outcome changes, not on every interval (a broken sensor must not flood the journal).
    if (!status.ok && status.absent) {
      logger_->info("collector {} unavailable: {}", name, status.error);
    } else if (!status.ok) {
      logger_->warn("collector {} failed: {}", name, status.error);
    } else if (slot.state.published) {
      logger_->info("collector {} recovered", name);
    }
  }
  slot.metrics = std::move(metrics);
  slot.state.published = true;
  slot.state.ok = status.ok;
  slot.state.error = std::move(status.error);
  slot.state.hung = false;
  slot.state.duration_seconds = took.count();
  slot.running_since.reset();
  dirty_ = true;
}

bool SnapshotStore::refresh_hung_locked() {
  bool changed = false;
  const auto now = clock_.monotonic();
  for (auto& [name, slot] : slots_) {
    bool hung = slot.running_since && now - *slot.running_since > timeout_;
    if (hung && !slot.state.hung) {
      logger_->error(
          "collector {} has not returned for {}s (timeout {}ms); dropping its series until it does", name,
          std::chrono::duration_cast<std::chrono::seconds>(now - *slot.running_since).count(),
          timeout_.count());
    }
    if (hung) {
      slot.state.duration_seconds = std::chrono::duration<double>(now - *slot.running_since).count();
      changed = true;  // the duration of a hung collector keeps growing
    }
    changed = changed || hung != slot.state.hung;
    slot.state.hung = hung;
  }
  return changed;
}

std::string SnapshotStore::build_locked() const {
  core::metrics::MetricSet all = constant_;
  auto& success =
      all.family("dc_exporter_collector_success",
                 "1 if the collector's last run succeeded, 0 if it failed or is hung.", MetricType::kGauge);
  for (const auto& [name, slot] : slots_) {
    bool ok = slot.state.published && slot.state.ok && !slot.state.hung;
    success.samples.push_back({{{"collector", name}}, ok ? 1.0 : 0.0});
  }
  auto& duration =
      all.family("dc_exporter_collector_duration_seconds",
                 "How long the collector's last run took (for a hung collector: how long it has run).",
                 MetricType::kGauge);
  for (const auto& [name, slot] : slots_) {
    duration.samples.push_back({{{"collector", name}}, slot.state.duration_seconds});
  }
  for (const auto& [name, slot] : slots_) {
    if (!slot.state.hung) {
      all.merge(slot.metrics);
    }
  }
  return core::metrics::TextWriter::write(all);
}

core::http::PrecompressedBody SnapshotStore::render_body() {
  std::lock_guard lock(mutex_);
  if (refresh_hung_locked() || dirty_ || !cached_.plain) {
    cached_ = core::http::PrecompressedBody::from(build_locked());
    dirty_ = false;
  }
  return cached_;
}

std::vector<CollectorState> SnapshotStore::states() {
  std::lock_guard lock(mutex_);
  refresh_hung_locked();
  std::vector<CollectorState> out;
  for (const auto& [name, slot] : slots_) {
    out.push_back(slot.state);
  }
  return out;
}

}  // namespace dcm::exporter
