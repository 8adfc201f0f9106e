#include "core/sched/periodic_task.hpp"

#include <atomic>
#include <latch>

#include <gtest/gtest.h>

namespace dcm::core::sched {
namespace {

TEST(PeriodicTask, RunsAtOnceThenAgainWhenTriggered) {
  std::atomic<int> runs{0};
  std::latch first(1), second(1);
  PeriodicTask task("test", std::chrono::hours(1), [&](std::stop_token) {
    int n = ++runs;
    if (n == 1) {
      first.count_down();
    } else if (n == 2) {
      second.count_down();
    }
  });
  task.start();
  first.wait();
  task.trigger();
  second.wait();
  task.stop();
  EXPECT_EQ(runs.load(), 2);
}

TEST(PeriodicTask, StopWakesALongSleep) {
  std::latch ran(1);
  PeriodicTask task("test", std::chrono::hours(24), [&](std::stop_token) { ran.count_down(); });
  task.start();
  ran.wait();
  task.stop();  // returns only if the hour-long wait was interrupted
  SUCCEED();
}

TEST(SleepUntil, ReturnsFalseWhenStopped) {
  std::stop_source source;
  source.request_stop();
  EXPECT_FALSE(sleep_until(source.get_token(), std::chrono::steady_clock::now() + std::chrono::hours(1)));
  std::stop_source running;
  EXPECT_TRUE(sleep_until(running.get_token(), std::chrono::steady_clock::now()));
}

}  // namespace
}  // namespace dcm::core::sched
