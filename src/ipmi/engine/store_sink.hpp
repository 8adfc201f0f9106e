// The collection engine's results, delivered to where they live: the store (durable: SEL events and the
// cursor commit together before the engine moves on) and the in-memory FleetState that /metrics and the
// dashboard read. Status is gathered per job and written once when the job ends.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/log/logging.hpp"
#include "core/sys/clock.hpp"
#include "ipmi/engine/collection_sink.hpp"
#include "ipmi/engine/fleet_state.hpp"
#include "ipmi/store/store.hpp"

namespace dcm::ipmi::engine {

class StoreSink final : public CollectionSink {
 public:
  // Called with the events a SEL read added (never with events stored before): the alert evaluator's input.
  // Not called for a server's first SEL read (no cursor stored yet): that is the log's history, stored
  // without alerting, so adding a server or starting on a fresh database does not page for old events.
  using NewEventsHandler =
      std::function<void(const std::string& server, const std::vector<store::EventRecord>&)>;

  StoreSink(store::Store& store, FleetState& fleet, const core::sys::Clock& clock, core::log::Logger logger,
            NewEventsHandler on_new_events = {});

  // Observers of what the collection read, for the alert evaluator; set before the engine starts.
  using PowerHandler = std::function<void(const std::string& server, const PowerStatus&, TimePoint)>;
  using PowerFailureHandler =
      std::function<void(const std::string& server, const std::string& reason, TimePoint)>;
  using SensorsHandler =
      std::function<void(const std::string& server, const std::vector<SensorReading>&, TimePoint)>;
  void set_observers(PowerHandler on_power, PowerFailureHandler on_power_failure, SensorsHandler on_sensors);

  void on_power(const std::string& server, const PowerStatus& power, TimePoint at) override;
  void on_sensors(const std::string& server, const std::vector<SensorReading>& readings,
                  TimePoint at) override;
  SelCursor sel_cursor(const std::string& server) override;
  void on_sel(const std::string& server, const std::vector<SelEvent>& events,
              const SelCursor& cursor) override;
  void on_failure(const std::string& server, Task task, bmc::BmcError::Kind kind, const std::string& reason,
                  TimePoint at) override;
  void on_job_done(const std::string& server, bool ok, std::chrono::duration<double> took,
                   TimePoint at) override;

 private:
  store::Store& store_;
  FleetState& fleet_;
  const core::sys::Clock& clock_;
  core::log::Logger logger_;
  NewEventsHandler on_new_events_;
  PowerHandler on_power_;
  PowerFailureHandler on_power_failure_;
  SensorsHandler on_sensors_;
  std::mutex mutex_;
  std::map<std::string, store::StatusUpdate> pending_;  // the job in progress, per server
};

}  // namespace dcm::ipmi::engine
