// The collection engine: one scheduler, a bounded pool of worker threads, per-BMC intervals for power
// (reachability), sensors and SEL, exponential backoff for BMCs that fail so dead machines never slow the
// sweep of live ones. A job runs the due tasks of one server in order (power first: a BMC that does not
// answer it is not asked for more); a server never has two jobs at once, so its client (and session) is
// reused without locking.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/log/logging.hpp"
#include "core/sys/clock.hpp"
#include "ipmi/bmc/bmc_client.hpp"
#include "ipmi/engine/collection_sink.hpp"
#include "ipmi/model.hpp"

namespace dcm::ipmi::engine {

struct EngineOptions {
  std::size_t workers = 8;  // BMC jobs at once
  std::chrono::seconds power_interval{30};
  std::chrono::seconds sensor_interval{60};
  std::chrono::seconds sel_interval{60};
  std::chrono::seconds max_backoff{600};  // an unreachable BMC is retried at least this often
};

using ClientFactory = std::function<std::unique_ptr<bmc::BmcClient>(const ServerConfig&)>;

// What the engine knows about one server, for the UI and API.
struct ServerSchedule {
  std::string name;
  int consecutive_failures = 0;
  std::optional<TimePoint> last_attempt;
  std::chrono::steady_clock::time_point next_due;
};

// The next attempt after `failures` consecutive failed jobs: the power interval doubled per failure,
// capped at max_backoff. 0 failures: the power interval.
std::chrono::seconds backoff_delay(const EngineOptions& options, int failures);

class Scheduler {
 public:
  Scheduler(EngineOptions options, const core::sys::Clock& clock, ClientFactory factory, CollectionSink& sink,
            core::log::Logger logger);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Replaces the inventory: new servers are due at once, removed ones are dropped (a job in flight
  // finishes), changed ones get a new client. Unchanged servers keep their schedule and session.
  void set_servers(const std::vector<ServerConfig>& servers);

  void start();  // worker threads
  void stop();   // returns once running jobs finished

  // Runs every job that is due now on the calling thread (tests, one-shot sweeps); returns how many ran.
  std::size_t run_due_now();
  // Makes every server due now (e.g. "refresh" in the UI, or a benchmark sweep).
  void make_all_due();

  std::vector<ServerSchedule> schedules() const;

 private:
  struct Server;
  std::shared_ptr<Server> claim_due_locked(std::chrono::steady_clock::time_point now);
  std::optional<std::chrono::steady_clock::time_point> next_due_locked() const;
  void run_job(Server& server);
  void finish_job_locked(Server& server, bool ok, std::chrono::steady_clock::time_point now);
  void worker_loop(std::stop_token stop);

  EngineOptions options_;
  const core::sys::Clock& clock_;
  ClientFactory factory_;
  CollectionSink& sink_;
  core::log::Logger logger_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::uint64_t generation_ = 0;  // bumped on every change a waiting worker must look at
  std::map<std::string, std::shared_ptr<Server>> servers_;
  std::vector<std::jthread> workers_;
};

}  // namespace dcm::ipmi::engine
