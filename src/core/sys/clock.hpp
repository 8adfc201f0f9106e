// Time is injected: code asks a Clock, tests hand it a FakeClock and move time by hand.
#pragma once

#include <atomic>
#include <chrono>

namespace dcm::core::sys {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall time, for timestamps shown to people and stored.
  virtual std::chrono::system_clock::time_point now() const = 0;
  // Monotonic time, for intervals, timeouts and durations.
  virtual std::chrono::steady_clock::time_point monotonic() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
  std::chrono::steady_clock::time_point monotonic() const override {
    return std::chrono::steady_clock::now();
  }
};

// Starts at a fixed, recognisable instant and only moves when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  FakeClock() = default;
  explicit FakeClock(std::chrono::system_clock::time_point start) : wall_(start.time_since_epoch().count()) {}

  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(std::chrono::system_clock::duration(wall_.load()));
  }
  std::chrono::steady_clock::time_point monotonic() const override {
    return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(mono_.load()));
  }
  void advance(std::chrono::nanoseconds by) {
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(by).count();
    mono_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(by).count();
  }

 private:
  // 2026-01-14T00:00:00Z, the seed's build date.
  std::atomic<std::chrono::system_clock::rep> wall_{
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::seconds(1768348800))
          .count()};
  std::atomic<std::chrono::steady_clock::rep> mono_{
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::hours(1000)).count()};
};

}  // namespace dcm::core::sys
