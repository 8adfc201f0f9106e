#include "ipmi/engine/store_sink.hpp"

namespace dcm::ipmi::engine {

StoreSink::StoreSink(store::Store& store, FleetState& fleet, const core::sys::Clock& clock,
                     core::log::Logger logger, NewEventsHandler on_new_events)
    : store_(store),
      fleet_(fleet),
      clock_(clock),
      logger_(std::move(logger)),
      on_new_events_(std::move(on_new_events)) {}

void StoreSink::set_observers(PowerHandler on_power, PowerFailureHandler on_power_failure,
                              SensorsHandler on_sensors) {
  on_power_ = std::move(on_power);
  on_power_failure_ = std::move(on_power_failure);
  on_sensors_ = std::move(on_sensors);
}

void StoreSink::on_power(const std::string& server, const PowerStatus& power, TimePoint at) {
  {
    std::lock_guard lock(mutex_);
    auto& update = pending_[server];
    update.reachable = true;
    update.power_on = power.on;
    update.power_watts = power.watts;
  }
  fleet_.on_power(server, power, at);
  if (on_power_) {
    on_power_(server, power, at);
  }
}

void StoreSink::on_sensors(const std::string& server, const std::vector<SensorReading>& readings,
                           TimePoint at) {
  fleet_.on_sensors(server, readings);
  store_.record_sensors(server, at,
                        readings);  // throws UnknownServerError for a removed server: the job fails
  if (on_sensors_) {
    on_sensors_(server, readings, at);
  }
}

SelCursor StoreSink::sel_cursor(const std::string& server) {
  return store_.sel_cursor(server).value_or(SelCursor{});
}

void StoreSink::on_sel(const std::string& server, const std::vector<SelEvent>& events,
                       const SelCursor& cursor) {
  const bool history = on_new_events_ && !store_.sel_cursor(server).has_value();
  auto result = store_.store_sel(server, events, cursor);  // events + cursor, one durable transaction
  if (!result.added.empty()) {
    logger_->info("server {}: {} new SEL event(s)", server, result.added.size());
    std::vector<SelEvent> added;
    added.reserve(result.added.size());
    for (const auto& record : result.added) {
      added.push_back(record.event);
    }
    fleet_.add_events(server, added, clock_.now());
    if (on_new_events_ && !history) {
      on_new_events_(server, result.added);
    }
  }
}

void StoreSink::on_failure(const std::string& server, Task task, bmc::BmcError::Kind kind,
                           const std::string& reason, TimePoint at) {
  {
    std::lock_guard lock(mutex_);
    auto& update = pending_[server];
    if (task == Task::kPower) {
      update.reachable = false;
    }
    update.error += (update.error.empty() ? "" : "; ") + std::string(to_string(task)) + ": " + reason;
  }
  fleet_.on_failure(server, task, kind, reason);
  if (task == Task::kPower && on_power_failure_) {
    on_power_failure_(server, reason, at);
  }
}

void StoreSink::on_job_done(const std::string& server, bool ok, std::chrono::duration<double> took,
                            TimePoint at) {
  store::StatusUpdate update;
  {
    std::lock_guard lock(mutex_);
    update = std::move(pending_[server]);
    pending_.erase(server);
  }
  update.duration = took;
  fleet_.on_job_done(server, ok, took, at);
  try {
    store_.record_status(server, update);
  } catch (const store::UnknownServerError&) {
    // Removed from the inventory while its job ran: nothing to record.
  } catch (const std::exception& e) {
    logger_->error("server {}: cannot record status: {}", server, e.what());
  }
}

}  // namespace dcm::ipmi::engine
