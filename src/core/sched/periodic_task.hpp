// Runs a function now and then every `interval` on its own named thread, until stopped. Stopping wakes the
// thread at once, even in the middle of a long interval (std::jthread + condition_variable_any).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

namespace dcm::core::sched {

// Sleeps until `deadline` or until stop is requested; returns false when woken by a stop request.
bool sleep_until(std::stop_token stop, std::chrono::steady_clock::time_point deadline);

// Names the calling thread (shown by top -H, gdb, /proc/PID/task/*/comm); at most 15 characters are kept.
void name_this_thread(const std::string& name);

class PeriodicTask {
 public:
  using Function = std::function<void(std::stop_token)>;

  PeriodicTask(std::string thread_name, std::chrono::milliseconds interval, Function fn);
  ~PeriodicTask() { stop(); }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void start();
  // Requests a stop and waits for the current run of fn to return.
  void stop();
  // Runs fn as soon as possible instead of waiting for the rest of the interval.
  void trigger();

 private:
  void run(std::stop_token stop);

  std::string thread_name_;
  std::chrono::milliseconds interval_;
  Function fn_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool triggered_ = false;
  std::jthread thread_;
};

}  // namespace dcm::core::sched
