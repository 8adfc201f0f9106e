#include "exporter/collector_runner.hpp"

#include <exception>

#include "core/sched/periodic_task.hpp"

namespace dcm::exporter {

struct CollectorRunner::Worker {
  std::shared_ptr<Collector> collector;
  std::string name;
  std::thread thread;
  int rounds = 0;       // guarded by the runner's mutex
  bool exited = false;  // likewise
};

CollectorRunner::CollectorRunner(std::vector<std::shared_ptr<Collector>> collectors, SnapshotStore& store,
                                 const core::sys::Clock& clock, std::chrono::milliseconds interval,
                                 core::log::Logger logger)
    : store_(store), clock_(clock), interval_(interval), logger_(std::move(logger)) {
  for (auto& collector : collectors) {
    auto worker = std::make_shared<Worker>();
    worker->name = std::string(collector->name());
    worker->collector = std::move(collector);
    store_.add_collector(worker->name);
    workers_.push_back(std::move(worker));
  }
}

CollectorRunner::~CollectorRunner() {
  stop(std::chrono::seconds(1));
}

void CollectorRunner::start() {
  for (auto& worker : workers_) {
    worker->thread = std::thread([this, worker] { run(worker); });
  }
}

void CollectorRunner::run(const std::shared_ptr<Worker>& worker) {
  core::sched::name_this_thread("col-" + worker->name);
  auto next = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        break;
      }
    }
    store_.begin(worker->name);
    const auto started = clock_.monotonic();
    core::metrics::MetricSet metrics;
    CollectStatus status;
    try {
      status = worker->collector->collect(metrics);
    } catch (const std::exception& e) {
      status = CollectStatus::failure(e.what());
      metrics = {};
    }
    store_.publish(worker->name, std::move(metrics), std::move(status), clock_.monotonic() - started);

    std::unique_lock lock(mutex_);
    ++worker->rounds;
    changed_.notify_all();
    next += interval_;
    const auto now = std::chrono::steady_clock::now();
    if (next < now) {
      next = now;  // a run longer than the interval: start the next one at once, skip the missed ticks
    }
    if (changed_.wait_until(lock, next, [this] { return stopping_; })) {
      break;
    }
  }
  std::lock_guard lock(mutex_);
  worker->exited = true;
  changed_.notify_all();
}

bool CollectorRunner::wait_first_round(std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, limit, [this] {
    for (const auto& worker : workers_) {
      if (worker->rounds == 0) {
        return false;
      }
    }
    return true;
  });
}

bool CollectorRunner::stop(std::chrono::milliseconds grace) {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  changed_.notify_all();
  changed_.wait_for(lock, grace, [this] {
    for (const auto& worker : workers_) {
      if (worker->thread.joinable() && !worker->exited) {
        return false;
      }
    }
    return true;
  });
  bool all_stopped = true;
  for (auto& worker : workers_) {
    if (!worker->thread.joinable()) {
      continue;
    }
    if (worker->exited) {
      lock.unlock();
      worker->thread.join();
      lock.lock();
    } else {
      logger_->warn("collector {} is still running after {}ms; leaving it behind", worker->name,
                    grace.count());
      worker->thread.detach();
      all_stopped = false;
    }
  }
  return all_stopped;
}

}  // namespace dcm::exporter
