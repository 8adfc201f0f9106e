#include "ipmi/web/login_rate_limiter.hpp"

#include <algorithm>

namespace dcm::ipmi::web {

void LoginRateLimiter::prune_locked(Instant now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    auto& times = it->second;
    while (!times.empty() && now - times.front() >= limit_.window) {
      times.pop_front();
    }
    it = times.empty() ? failures_.erase(it) : std::next(it);
  }
}

std::chrono::seconds LoginRateLimiter::retry_after(const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = clock_.monotonic();
  auto it = failures_.find(address);
  if (it == failures_.end()) {
    return std::chrono::seconds(0);
  }
  auto& times = it->second;
  while (!times.empty() && now - times.front() >= limit_.window) {
    times.pop_front();
  }
  if (times.size() < limit_.max_failures) {
    return std::chrono::seconds(0);
  }
  const auto wait = times.front() + limit_.window - now;
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(wait));
}

void LoginRateLimiter::record_failure(const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = clock_.monotonic();
  if (failures_.size() >= limit_.max_addresses && !failures_.contains(address)) {
    prune_locked(now);
    if (failures_.size() >= limit_.max_addresses) {
      auto stalest = std::min_element(failures_.begin(), failures_.end(), [](const auto& a, const auto& b) {
        return a.second.back() < b.second.back();
      });
      failures_.erase(stalest);
    }
  }
  auto& times = failures_[address];
  times.push_back(now);
  while (times.size() > limit_.max_failures) {
    times.pop_front();
  }
}

void LoginRateLimiter::record_success(const std::string& address) {
  std::lock_guard lock(mutex_);
  failures_.erase(address);
}

}  // namespace dcm::ipmi::web
