#include "ipmi/engine/fleet_state.hpp"

namespace dcm::ipmi::engine {

void FleetState::set_inventory(const std::vector<ServerConfig>& servers) {
  std::lock_guard lock(mutex_);
  std::map<std::string, ServerView> next;
  for (const auto& config : servers) {
    auto it = servers_.find(config.name);
    ServerView view = it != servers_.end() ? std::move(it->second) : ServerView{};
    view.name = config.name;
    view.bmc = config.bmc_label();
    view.tags = config.tags;
    next.emplace(config.name, std::move(view));
  }
  servers_ = std::move(next);
  ++version_;
}

ServerView* FleetState::find_locked(const std::string& server) {
  auto it = servers_.find(server);
  return it == servers_.end() ? nullptr : &it->second;
}

void FleetState::on_power(const std::string& server, const PowerStatus& power, TimePoint) {
  std::lock_guard lock(mutex_);
  if (auto* view = find_locked(server)) {
    view->reachable = true;
    view->power_on = power.on;
    view->power_watts = power.watts;
    ++version_;
  }
}

void FleetState::on_sensors(const std::string& server, const std::vector<SensorReading>& readings) {
  std::lock_guard lock(mutex_);
  if (auto* view = find_locked(server)) {
    view->sensors = readings;
    ++version_;
  }
}

void FleetState::on_failure(const std::string& server, Task task, bmc::BmcError::Kind,
                            const std::string& reason) {
  std::lock_guard lock(mutex_);
  if (auto* view = find_locked(server)) {
    if (task == Task::kPower) {
      view->reachable = false;  // no session, or no answer: whatever else we knew is stale
      view->power_on.reset();
      view->power_watts.reset();
    }
    auto& errors = job_errors_[server];
    errors += (errors.empty() ? "" : "; ") + std::string(to_string(task)) + ": " + reason;
    ++version_;
  }
}

void FleetState::on_job_done(const std::string& server, bool ok, std::chrono::duration<double> took,
                             TimePoint at) {
  std::lock_guard lock(mutex_);
  auto errors = std::move(job_errors_[server]);
  job_errors_.erase(server);
  if (auto* view = find_locked(server)) {
    view->collected = true;
    view->last_attempt = at;
    view->last_duration_seconds = took.count();
    if (ok) {
      view->last_success = at;
      view->last_error.clear();
    } else {
      view->last_error = std::move(errors);
    }
    ++version_;
  }
}

void FleetState::set_event_counts(const std::string& server, std::uint64_t total, EventCounts last_24h) {
  std::lock_guard lock(mutex_);
  if (auto* view = find_locked(server)) {
    if (view->events_total != total || view->last_24h.info != last_24h.info ||
        view->last_24h.warning != last_24h.warning || view->last_24h.critical != last_24h.critical) {
      view->events_total = total;
      view->last_24h = last_24h;
      ++version_;
    }
  }
}

void FleetState::add_events(const std::string& server, const std::vector<SelEvent>& events, TimePoint now) {
  std::lock_guard lock(mutex_);
  auto* view = find_locked(server);
  if (view == nullptr || events.empty()) {
    return;
  }
  view->events_total += events.size();
  for (const auto& event : events) {
    if (event.effective_time() < now - std::chrono::hours(24)) {
      continue;
    }
    switch (event.severity) {
      case Severity::kInfo:
        ++view->last_24h.info;
        break;
      case Severity::kWarning:
        ++view->last_24h.warning;
        break;
      case Severity::kCritical:
        ++view->last_24h.critical;
        break;
    }
  }
  ++version_;
}

std::vector<ServerView> FleetState::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<ServerView> out;
  out.reserve(servers_.size());
  for (const auto& [name, view] : servers_) {
    out.push_back(view);
  }
  return out;
}

std::uint64_t FleetState::version() const {
  std::lock_guard lock(mutex_);
  return version_;
}

}  // namespace dcm::ipmi::engine
