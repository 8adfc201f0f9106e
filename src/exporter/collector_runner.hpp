// Runs every collector on a thread of its own ("col-<name>"), every interval, publishing into the
// SnapshotStore. One collector that hangs (NVML blocked on a GPU that fell off the bus) holds only its own
// thread; the others and /metrics go on.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/log/logging.hpp"
#include "core/sys/clock.hpp"
#include "exporter/collector.hpp"
#include "exporter/snapshot_store.hpp"

namespace dcm::exporter {

class CollectorRunner {
 public:
  CollectorRunner(std::vector<std::shared_ptr<Collector>> collectors, SnapshotStore& store,
                  const core::sys::Clock& clock, std::chrono::milliseconds interval,
                  core::log::Logger logger);
  ~CollectorRunner();
  CollectorRunner(const CollectorRunner&) = delete;
  CollectorRunner& operator=(const CollectorRunner&) = delete;

  // Starts the threads; each collects at once, then every interval.
  void start();
  // Waits until every collector has finished its first run, or until `limit` has passed. Returns true when
  // all finished.
  bool wait_first_round(std::chrono::milliseconds limit);
  // Asks every thread to stop and waits up to `grace` for them. Threads still inside a collector after that
  // are detached (they hold their collector alive) and false is returned: the caller should then end the
  // process without running destructors that such a thread could still reach.
  bool stop(std::chrono::milliseconds grace);

 private:
  struct Worker;
  void run(const std::shared_ptr<Worker>& worker);

  std::vector<std::shared_ptr<Worker>> workers_;
  SnapshotStore& store_;
  const core::sys::Clock& clock_;
  std::chrono::milliseconds interval_;
  core::log::Logger logger_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
};

}  // namespace dcm::exporter
