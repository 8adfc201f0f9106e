#include "core/sched/periodic_task.hpp"

#include <pthread.h>

namespace dcm::core::sched {

bool sleep_until(std::stop_token stop, std::chrono::steady_clock::time_point deadline) {
  std::mutex mutex;
  std::condition_variable_any cv;
  std::unique_lock lock(mutex);
  cv.wait_until(lock, stop, deadline, [] { return false; });
  return !stop.stop_requested();
}

void name_this_thread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

PeriodicTask::PeriodicTask(std::string thread_name, std::chrono::milliseconds interval, Function fn)
    : thread_name_(std::move(thread_name)), interval_(interval), fn_(std::move(fn)) {}

void PeriodicTask::start() {
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void PeriodicTask::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void PeriodicTask::trigger() {
  {
    std::lock_guard lock(mutex_);
    triggered_ = true;
  }
  wake_.notify_all();
}

void PeriodicTask::run(std::stop_token stop) {
  name_this_thread(thread_name_);
  auto next = std::chrono::steady_clock::now();
  while (!stop.stop_requested()) {
    fn_(stop);
    // Fixed rate: the next run is due one interval after the previous was due; ticks missed because fn ran
    // long are skipped rather than run back to back.
    next += interval_;
    auto now = std::chrono::steady_clock::now();
    if (next < now) {
      next = now + interval_ - (now - next) % interval_;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_until(lock, stop, next, [this] { return triggered_; });
    if (triggered_) {
      triggered_ = false;
      next = std::chrono::steady_clock::now();
    }
  }
}

}  // namespace dcm::core::sched
