// The alert evaluator and its notification outbox (docs/ipmi-monitor/alerts.md).
//
// Fed from the collection path (StoreSink hooks: new SEL events, power reads and failures, sensor reads) and
// from a timer (tick), it fires and resolves alerts through the store, one firing alert per dedup key
// (rule/server[/sensor]). SEL events and power changes are instant: recorded as an alert that is resolved
// at once, so they are notified once and never "resolve".
//
// Notification works from the store's outbox (alerts whose current state is not yet notified): flush()
// groups the pending alerts per server into one message, queues it on every notifier's DeliveryQueue (which
// never blocks the caller) and marks the alerts notified when every notifier finished with them. A restart
// sends what the outbox still holds: nothing is lost, and nothing already marked is sent again. Servers in
// a maintenance window have their alerts recorded and marked notified without a message.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/log/logging.hpp"
#include "core/notify/notifier.hpp"
#include "core/notify/retry.hpp"
#include "core/sys/clock.hpp"
#include "ipmi/alerts/alert_settings.hpp"
#include "ipmi/model.hpp"
#include "ipmi/store/store.hpp"

namespace dcm::ipmi::alerts {

class AlertEngine {
 public:
  AlertEngine(AlertSettings settings, store::Store& store, const core::sys::Clock& clock,
              core::log::Logger logger);
  ~AlertEngine();  // stop()
  AlertEngine(const AlertEngine&) = delete;
  AlertEngine& operator=(const AlertEngine&) = delete;

  // Before start(): one delivery queue per notifier.
  void add_notifier(std::unique_ptr<core::notify::Notifier> notifier, core::notify::RetryPolicy policy);
  // Tags for maintenance windows; servers gone from the inventory lose their in-memory rule state.
  void set_inventory(const std::vector<ServerConfig>& servers);
  void start();  // the delivery threads; then flushes what the outbox holds
  void stop();

  // ---- the collection path (any thread) ----
  void on_new_events(const std::string& server, const std::vector<store::EventRecord>& events);
  void on_power(const std::string& server, const PowerStatus& power, TimePoint at);
  void on_power_failure(const std::string& server, const std::string& reason, TimePoint at);
  void on_sensors(const std::string& server, const std::vector<SensorReading>& readings, TimePoint at);

  // The timer: time-based rules (unreachable for N minutes) and the outbox (retries what was not queued).
  void tick();

  std::vector<core::notify::DeliveryStats> delivery_stats() const;

 private:
  struct Unreachable {
    TimePoint first_failure;
    int failures = 0;
    std::string reason;
  };
  struct Outlet;

  void fire_locked(const Rule& rule, const std::string& server, const std::string& key, Severity severity,
                   const std::string& summary);
  void resolve_locked(const std::string& key);
  void check_unreachable_locked(TimePoint now);
  void flush_locked();
  void on_finished(std::size_t outlet);

  AlertSettings settings_;
  store::Store& store_;
  const core::sys::Clock& clock_;
  core::log::Logger logger_;

  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::string, std::string>> tags_;  // per server
  std::set<std::string> firing_;                                    // dedup keys firing in the store
  std::map<std::string, Unreachable> unreachable_;                  // per server, since its first failure
  std::map<std::string, bool> power_;                               // last known power state per server
  std::map<std::string, TimePoint> threshold_since_;                // key -> when the condition began to hold
  std::set<std::int64_t> in_flight_;                                // alert ids queued and not finished
  std::set<std::int64_t> renotify_;               // in flight, and resolved since it was queued
  std::map<std::int64_t, int> outstanding_;       // alert id -> notifiers still to finish
  std::vector<std::unique_ptr<Outlet>> outlets_;  // last: stopped and destroyed first
};

}  // namespace dcm::ipmi::alerts
