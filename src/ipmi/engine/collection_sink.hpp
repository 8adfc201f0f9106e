// Where the collection engine puts what it read. The app connects it to the store (durable), the in-memory
// fleet view (/metrics, dashboard) and the alert evaluator; tests connect it to a recorder.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "ipmi/bmc/bmc_client.hpp"
#include "ipmi/model.hpp"

namespace dcm::ipmi::engine {

enum class Task { kPower, kSensors, kSel };
std::string_view to_string(Task task);

class CollectionSink {
 public:
  virtual ~CollectionSink() = default;
  virtual void on_power(const std::string& server, const PowerStatus& power, TimePoint at) = 0;
  virtual void on_sensors(const std::string& server, const std::vector<SensorReading>& readings,
                          TimePoint at) = 0;
  // Where the last SEL read stopped (from the store, so it survives restarts).
  virtual SelCursor sel_cursor(const std::string& server) = 0;
  // New records and the cursor after them; must be durable when it returns.
  virtual void on_sel(const std::string& server, const std::vector<SelEvent>& events,
                      const SelCursor& cursor) = 0;
  // A task failed; `reason` is human-readable and free of secrets.
  virtual void on_failure(const std::string& server, Task task, bmc::BmcError::Kind kind,
                          const std::string& reason, TimePoint at) = 0;
  // One job (the due tasks of one server) finished; `ok` when every task in it succeeded.
  virtual void on_job_done(const std::string& server, bool ok, std::chrono::duration<double> took,
                           TimePoint at) = 0;
};

}  // namespace dcm::ipmi::engine
