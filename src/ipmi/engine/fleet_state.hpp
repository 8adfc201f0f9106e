// What ipmi-monitor knows about every server right now, in memory: the source of /metrics and of the
// dashboard, so neither ever causes BMC traffic or a database scan. The collection engine updates it through
// the same calls it makes on the store; the 24 h event counts are refreshed from the store.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ipmi/bmc/bmc_client.hpp"
#include "ipmi/engine/collection_sink.hpp"
#include "ipmi/model.hpp"

namespace dcm::ipmi::engine {

struct EventCounts {
  std::uint64_t info = 0, warning = 0, critical = 0;
};

struct ServerView {
  std::string name;
  std::string bmc;  // ServerConfig::bmc_label()
  std::map<std::string, std::string> tags;
  // Reachable only when the last power read established a session and got an answer; an authentication
  // failure is unreachable, with its reason in last_error.
  bool reachable = false;
  bool collected = false;  // at least one attempt finished
  std::optional<bool> power_on;
  std::optional<double> power_watts;
  std::vector<SensorReading> sensors;
  std::optional<TimePoint> last_success;
  std::optional<TimePoint> last_attempt;
  std::string last_error;  // "sensors: timeout after 5 s"; empty after a fully successful job
  double last_duration_seconds = 0;
  std::uint64_t events_total = 0;  // SEL records stored for this server
  EventCounts last_24h;
};

class FleetState {
 public:
  // Keeps the views of servers still in the inventory (and their data), adds new ones, drops removed ones:
  // their series disappear from /metrics.
  void set_inventory(const std::vector<ServerConfig>& servers);

  void on_power(const std::string& server, const PowerStatus& power, TimePoint at);
  void on_sensors(const std::string& server, const std::vector<SensorReading>& readings);
  void on_failure(const std::string& server, Task task, bmc::BmcError::Kind kind, const std::string& reason);
  void on_job_done(const std::string& server, bool ok, std::chrono::duration<double> took, TimePoint at);
  void set_event_counts(const std::string& server, std::uint64_t total, EventCounts last_24h);
  // Newly stored SEL events: counted at once, so /metrics shows them without waiting for the next recount
  // (which also ages events out of the 24 h window).
  void add_events(const std::string& server, const std::vector<SelEvent>& events, TimePoint now);

  std::vector<ServerView> snapshot() const;  // by name
  std::uint64_t version() const;             // changes whenever anything above changed

 private:
  ServerView* find_locked(const std::string& server);
  mutable std::mutex mutex_;
  std::map<std::string, ServerView> servers_;
  std::uint64_t version_ = 0;
  std::map<std::string, std::string> job_errors_;  // errors of the job in progress, per server
};

}  // namespace dcm::ipmi::engine
