#include "ipmi/web/login_rate_limiter.hpp"

#include <gtest/gtest.h>

namespace dcm::ipmi::web {
namespace {

using std::chrono::seconds;

TEST(LoginRateLimiter, RefusesAnAddressAfterTooManyFailuresWithinTheWindow) {
  core::sys::FakeClock clock;
  LoginRateLimiter limiter(clock, RateLimit{3, seconds(60), 100});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.retry_after("10.0.0.1"), seconds(0)) << "attempt " << i;
    limiter.record_failure("10.0.0.1");
    clock.advance(seconds(10));
  }
  EXPECT_EQ(limiter.retry_after("10.0.0.1"), seconds(30)) << "the oldest failure leaves the window in 30 s";
  EXPECT_EQ(limiter.retry_after("10.0.0.2"), seconds(0)) << "other addresses are not affected";
  clock.advance(seconds(30));
  EXPECT_EQ(limiter.retry_after("10.0.0.1"), seconds(0)) << "one failure aged out";
  limiter.record_failure("10.0.0.1");
  EXPECT_GT(limiter.retry_after("10.0.0.1"), seconds(0));
}

TEST(LoginRateLimiter, SuccessClearsTheAddress) {
  core::sys::FakeClock clock;
  LoginRateLimiter limiter(clock, RateLimit{2, seconds(60), 100});
  limiter.record_failure("a");
  limiter.record_success("a");
  limiter.record_failure("a");
  EXPECT_EQ(limiter.retry_after("a"), seconds(0));
}

TEST(LoginRateLimiter, TableStaysBoundedByForgettingTheStalestAddress) {
  core::sys::FakeClock clock;
  LoginRateLimiter limiter(clock, RateLimit{1, seconds(600), 2});
  limiter.record_failure("a");
  clock.advance(seconds(1));
  limiter.record_failure("b");
  clock.advance(seconds(1));
  limiter.record_failure("c");  // forgets "a"
  EXPECT_EQ(limiter.retry_after("a"), seconds(0));
  EXPECT_GT(limiter.retry_after("b"), seconds(0));
  EXPECT_GT(limiter.retry_after("c"), seconds(0));
}

}  // namespace
}  // namespace dcm::ipmi::web
