// Slows down password guessing: a client address that failed to log in `max_failures` times within `window`
// is refused (429) until its oldest failure leaves the window. A successful login clears the address. The
// table is bounded: addresses whose failures all aged out are dropped, and past `max_addresses` the
// stalest address is forgotten first.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "core/sys/clock.hpp"

namespace dcm::ipmi::web {

struct RateLimit {
  std::size_t max_failures = 10;
  std::chrono::seconds window{15 * 60};
  std::size_t max_addresses = 10000;
};

class LoginRateLimiter {
 public:
  LoginRateLimiter(const core::sys::Clock& clock, RateLimit limit) : clock_(clock), limit_(limit) {}

  // Zero when `address` may try now, else how long until it may.
  std::chrono::seconds retry_after(const std::string& address);
  void record_failure(const std::string& address);
  void record_success(const std::string& address);

 private:
  using Instant = std::chrono::steady_clock::time_point;
  void prune_locked(Instant now);

  const core::sys::Clock& clock_;
  RateLimit limit_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Instant>> failures_;
};

}  // namespace dcm::ipmi::web
