#include "ipmi/alerts/alert_engine.hpp"

#include <algorithm>

#include "ipmi/alerts/alert_message.hpp"
#include "ipmi/alerts/maintenance.hpp"

namespace dcm::ipmi::alerts {
namespace {

bool compare(Comparison op, double value, double limit) {
  switch (op) {
    case Comparison::kGreater:
      return value > limit;
    case Comparison::kGreaterEqual:
      return value >= limit;
    case Comparison::kLess:
      return value < limit;
    case Comparison::kLessEqual:
      return value <= limit;
  }
  return false;
}

std::string_view op_text(Comparison op) {
  switch (op) {
    case Comparison::kGreater:
      return ">";
    case Comparison::kGreaterEqual:
      return ">=";
    case Comparison::kLess:
      return "<";
    case Comparison::kLessEqual:
      return "<=";
  }
  return "?";
}

std::string number(double value) {
  auto text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') {
    text.pop_back();
  }
  return text;
}

// Concatenation without `"literal" + std::string&&` (GCC 12 -O2 reports a false -Wrestrict there).
std::string join(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (auto part : parts) {
    text.append(part);
  }
  return text;
}

std::string minutes_text(std::chrono::seconds duration) {
  if (duration.count() % 60 == 0) {
    return std::to_string(duration.count() / 60) + " min";
  }
  return std::to_string(duration.count()) + " s";
}

}  // namespace

struct AlertEngine::Outlet {
  std::unique_ptr<core::notify::DeliveryQueue> queue;
  std::deque<std::vector<std::int64_t>> fifo;  // alert ids of each queued message, in queue order
};

AlertEngine::AlertEngine(AlertSettings settings, store::Store& store, const core::sys::Clock& clock,
                         core::log::Logger logger)
    : settings_(std::move(settings)), store_(store), clock_(clock), logger_(std::move(logger)) {
  store::AlertFilter filter;
  filter.state = store::AlertState::kFiring;
  filter.limit = 1'000'000;
  try {
    for (const auto& alert : store_.alerts(filter)) {
      firing_.insert(alert.dedup_key);
    }
  } catch (const std::exception& e) {
    logger_->error("cannot read the firing alerts (they resolve only when they fire again): {}", e.what());
  }
}

AlertEngine::~AlertEngine() {
  stop();
}

void AlertEngine::add_notifier(std::unique_ptr<core::notify::Notifier> notifier,
                               core::notify::RetryPolicy policy) {
  const std::size_t index = outlets_.size();
  auto outlet = std::make_unique<Outlet>();
  outlet->queue = std::make_unique<core::notify::DeliveryQueue>(
      std::move(notifier), policy, clock_, logger_,
      [this, index](const core::notify::Message&, const core::notify::Result&) { on_finished(index); });
  outlets_.push_back(std::move(outlet));
}

void AlertEngine::set_inventory(const std::vector<ServerConfig>& servers) {
  std::lock_guard lock(mutex_);
  tags_.clear();
  for (const auto& server : servers) {
    tags_[server.name] = server.tags;
  }
  std::erase_if(unreachable_, [&](const auto& entry) { return !tags_.contains(entry.first); });
  std::erase_if(power_, [&](const auto& entry) { return !tags_.contains(entry.first); });
}

void AlertEngine::start() {
  for (auto& outlet : outlets_) {
    outlet->queue->start();
  }
  std::lock_guard lock(mutex_);
  try {
    flush_locked();
  } catch (const std::exception& e) {
    logger_->error("alert notifications: {}", e.what());
  }
}

void AlertEngine::stop() {
  for (auto& outlet : outlets_) {
    outlet->queue->stop();
  }
}

void AlertEngine::fire_locked(const Rule& rule, const std::string& server, const std::string& key,
                              Severity severity, const std::string& summary) {
  auto result = store_.fire_alert({rule.name, server, key, severity, summary});
  if (is_instant(rule.kind)) {
    store_.resolve_alert(key);
  } else {
    firing_.insert(key);
  }
  if (result.newly_firing) {
    logger_->info("alert {} fired for server {}: {}", rule.name, server, summary);
  }
}

void AlertEngine::resolve_locked(const std::string& key) {
  if (firing_.erase(key) == 0) {
    return;
  }
  if (auto id = store_.resolve_alert(key)) {
    logger_->info("alert {} resolved", key);
    if (in_flight_.contains(*id)) {
      renotify_.insert(*id);  // its firing message is still queued: the resolve needs a message of its own
    }
  }
}

void AlertEngine::on_new_events(const std::string& server, const std::vector<store::EventRecord>& events) {
  std::lock_guard lock(mutex_);
  try {
    for (const auto& rule : settings_.rules) {
      if (rule.kind != RuleKind::kEvent) {
        continue;
      }
      for (const auto& record : events) {
        if (record.event.severity < rule.severity) {
          continue;
        }
        fire_locked(rule, server, join({rule.name, "/", server, "/event/", std::to_string(record.id)}),
                    record.event.severity,
                    join({"[", to_string(record.event.severity), "] ", record.event.message, " (SEL record ",
                          record.event.record_id, ")"}));
      }
    }
    flush_locked();
  } catch (const std::exception& e) {
    logger_->error("server {}: alert evaluation failed: {}", server, e.what());
  }
}

void AlertEngine::on_power(const std::string& server, const PowerStatus& power, TimePoint) {
  std::lock_guard lock(mutex_);
  try {
    unreachable_.erase(server);
    bool changed = false;
    if (power.on) {
      const auto previous = power_.find(server);
      changed = previous != power_.end() && previous->second != *power.on;
      power_[server] = *power.on;
    }
    for (const auto& rule : settings_.rules) {
      if (rule.kind == RuleKind::kUnreachable) {
        resolve_locked(rule.name + "/" + server);
      } else if (rule.kind == RuleKind::kPowerChange && changed) {
        fire_locked(rule, server,
                    rule.name + "/" + server + "/" + std::to_string(clock_.now().time_since_epoch().count()),
                    rule.severity, *power.on ? "chassis power turned on" : "chassis power turned off");
      }
    }
    flush_locked();
  } catch (const std::exception& e) {
    logger_->error("server {}: alert evaluation failed: {}", server, e.what());
  }
}

void AlertEngine::on_power_failure(const std::string& server, const std::string& reason, TimePoint at) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = unreachable_.try_emplace(server, Unreachable{at, 0, {}});
  ++it->second.failures;
  it->second.reason = reason;
  try {
    check_unreachable_locked(clock_.now());
    flush_locked();
  } catch (const std::exception& e) {
    logger_->error("server {}: alert evaluation failed: {}", server, e.what());
  }
}

void AlertEngine::check_unreachable_locked(TimePoint now) {
  for (const auto& rule : settings_.rules) {
    if (rule.kind != RuleKind::kUnreachable) {
      continue;
    }
    for (const auto& [server, state] : unreachable_) {
      // Confirmed: at least two failed checks, the first at least `for` ago, and no success since.
      if (state.failures >= 2 && now - state.first_failure >= rule.for_duration) {
        fire_locked(
            rule, server, rule.name + "/" + server, rule.severity,
            join({"BMC unreachable for ", minutes_text(rule.for_duration), " or more: ", state.reason}));
      }
    }
  }
}

void AlertEngine::on_sensors(const std::string& server, const std::vector<SensorReading>& readings,
                             TimePoint at) {
  std::lock_guard lock(mutex_);
  try {
    for (const auto& rule : settings_.rules) {
      if (rule.kind != RuleKind::kSensorState && rule.kind != RuleKind::kSensorThreshold) {
        continue;
      }
      for (const auto& reading : readings) {
        if (!glob_match(rule.sensor, reading.name)) {
          continue;
        }
        const std::string key = rule.name + "/" + server + "/" + reading.name;
        if (rule.kind == RuleKind::kSensorState) {
          const bool bad = reading.state != SensorState::kUnknown &&
                           static_cast<int>(reading.state) >= static_cast<int>(rule.severity) &&
                           reading.state != SensorState::kOk;
          if (bad) {
            fire_locked(rule, server, key,
                        reading.state == SensorState::kCritical ? Severity::kCritical : Severity::kWarning,
                        join({reading.name, " is ", to_string(reading.state),
                              reading.value ? join({" (", number(*reading.value), " ", reading.unit, ")"})
                                            : std::string()}));
          } else if (reading.state != SensorState::kUnknown) {
            resolve_locked(key);
          }
          continue;
        }
        if (!reading.value) {
          continue;
        }
        if (compare(rule.op, *reading.value, rule.value)) {
          auto since = threshold_since_.try_emplace(key, at).first->second;
          if (at - since >= rule.for_duration) {
            fire_locked(
                rule, server, key, rule.severity,
                join({reading.name, " = ", number(*reading.value), " ", reading.unit, " (", op_text(rule.op),
                      " ", number(rule.value), " for ", minutes_text(rule.for_duration), ")"}));
          }
        } else {
          threshold_since_.erase(key);
          resolve_locked(key);
        }
      }
    }
    flush_locked();
  } catch (const std::exception& e) {
    logger_->error("server {}: alert evaluation failed: {}", server, e.what());
  }
}

void AlertEngine::tick() {
  std::lock_guard lock(mutex_);
  try {
    check_unreachable_locked(clock_.now());
    flush_locked();
  } catch (const std::exception& e) {
    logger_->error("alert evaluation failed: {}", e.what());
  }
}

void AlertEngine::flush_locked() {
  store::AlertFilter filter;
  filter.pending_notification_only = true;
  filter.limit = 500;
  std::map<std::string, std::vector<store::AlertRecord>> groups;  // per server, oldest first
  for (auto& alert : store_.alerts(filter)) {
    if (!in_flight_.contains(alert.id)) {
      groups[alert.server.value_or("")].push_back(std::move(alert));
    }
  }
  const auto now = clock_.now();
  for (auto& [server, alerts] : groups) {
    const auto tags = tags_.find(server);
    const bool quiet =
        outlets_.empty() ||
        in_maintenance(settings_.maintenance, server,
                       tags == tags_.end() ? std::map<std::string, std::string>{} : tags->second, now);
    if (quiet) {
      for (const auto& alert : alerts) {
        store_.mark_alert_notified(alert.id);
      }
      if (!outlets_.empty()) {
        logger_->info("server {} in maintenance: {} notification(s) suppressed", server, alerts.size());
      }
      continue;
    }
    std::vector<std::int64_t> ids;
    for (const auto& alert : alerts) {
      ids.push_back(alert.id);
    }
    auto message = group_message(server, alerts, [this](const std::string& rule) {
      auto it = std::find_if(settings_.rules.begin(), settings_.rules.end(),
                             [&](const Rule& r) { return r.name == rule; });
      return it != settings_.rules.end() && is_instant(it->kind);
    });
    int accepted = 0;
    for (auto& outlet : outlets_) {
      if (outlet->queue->enqueue(message)) {
        outlet->fifo.push_back(ids);
        ++accepted;
      }
    }
    if (accepted > 0) {
      for (auto id : ids) {
        in_flight_.insert(id);
        outstanding_[id] = accepted;
      }
    }
  }
}

void AlertEngine::on_finished(std::size_t index) {
  std::lock_guard lock(mutex_);
  auto& fifo = outlets_[index]->fifo;
  if (fifo.empty()) {
    return;
  }
  const auto ids = std::move(fifo.front());
  fifo.pop_front();
  for (auto id : ids) {
    auto it = outstanding_.find(id);
    if (it == outstanding_.end() || --it->second > 0) {
      continue;
    }
    outstanding_.erase(it);
    in_flight_.erase(id);
    if (renotify_.erase(id) > 0) {
      continue;  // resolved meanwhile: left pending for the next flush
    }
    try {
      store_.mark_alert_notified(id);
    } catch (const std::exception& e) {
      logger_->error("alert {}: cannot mark it notified: {}", id, e.what());
    }
  }
}

std::vector<core::notify::DeliveryStats> AlertEngine::delivery_stats() const {
  std::vector<core::notify::DeliveryStats> stats;
  for (const auto& outlet : outlets_) {
    stats.push_back(outlet->queue->stats());
  }
  return stats;
}

}  // namespace dcm::ipmi::alerts
