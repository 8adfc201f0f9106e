#include "core/notify/retry.hpp"

#include <algorithm>
#include <cmath>

#include "core/sched/periodic_task.hpp"

namespace dcm::core::notify {

using std::chrono::milliseconds;

milliseconds backoff_delay(const RetryPolicy& policy, int failures, double random_unit) {
  const double base = static_cast<double>(policy.initial_backoff.count());
  const double cap = static_cast<double>(policy.max_backoff.count());
  const double grown = std::min(cap, base * std::pow(policy.multiplier, std::max(0, failures - 1)));
  const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
  const double factor = 1.0 - jitter + 2.0 * jitter * std::clamp(random_unit, 0.0, 1.0);
  return milliseconds(static_cast<milliseconds::rep>(std::llround(grown * factor)));
}

milliseconds retry_delay(const RetryPolicy& policy, const Result& result, int failures, double random_unit) {
  if (result.retry_after) {
    return std::clamp(*result.retry_after, milliseconds(0), policy.max_retry_after);
  }
  return backoff_delay(policy, failures, random_unit);
}

DeliveryQueue::DeliveryQueue(std::unique_ptr<Notifier> notifier, RetryPolicy policy, const sys::Clock& clock,
                             const log::Logger& logger, OnFinished on_finished)
    : notifier_(std::move(notifier)),
      policy_(policy),
      clock_(clock),
      logger_(log::child(logger, "notifier=" + std::string(notifier_->name()))),
      on_finished_(std::move(on_finished)),
      random_(std::random_device{}()) {}

DeliveryQueue::~DeliveryQueue() {
  stop();
}

void DeliveryQueue::start() {
  std::lock_guard lock(mutex_);
  if (running_ || stopped_) {
    return;
  }
  running_ = true;
  thread_ = std::thread([this] {
    sched::name_this_thread("notify-" + std::string(notifier_->name()));
    run();
  });
}

void DeliveryQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    stopped_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
  std::lock_guard lock(mutex_);
  running_ = false;
  settled_.notify_all();
}

bool DeliveryQueue::enqueue(Message message) {
  {
    std::lock_guard lock(mutex_);
    if (stopped_ || queue_.size() >= policy_.capacity) {
      ++stats_.dropped;
      if (!logged_full_) {
        logged_full_ = true;
        if (stopped_) {
          logger_->warn("stopped: dropping new messages");
        } else {
          logger_->warn("queue full ({} messages): dropping new messages until it drains", policy_.capacity);
        }
      }
      return false;
    }
    if (logged_full_) {
      logged_full_ = false;
      logger_->info("queue accepts messages again ({} dropped so far)", stats_.dropped);
    }
    queue_.push_back(Item{std::move(message), {}, 0});
    ++stats_.queued;
  }
  wake_.notify_all();
  return true;
}

void DeliveryQueue::settle() {
  std::unique_lock lock(mutex_);
  const auto wanted = ++settle_requested_;
  wake_.notify_all();
  settled_.wait(lock, [&] { return settle_done_ >= wanted || !running_ || stopping_; });
}

DeliveryStats DeliveryQueue::stats() const {
  std::lock_guard lock(mutex_);
  auto out = stats_;
  out.pending = queue_.size();
  return out;
}

double DeliveryQueue::random_unit() {
  return std::uniform_real_distribution<double>(0.0, 1.0)(random_);
}

void DeliveryQueue::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto pass = settle_requested_;
    if (!queue_.empty() && clock_.monotonic() >= next_attempt_) {
      attempt_head(lock);
      continue;
    }
    settle_done_ = pass;
    settled_.notify_all();
    if (queue_.empty()) {
      wake_.wait(lock);
    } else {
      wake_.wait_for(lock, next_attempt_ - clock_.monotonic());
    }
  }
}

void DeliveryQueue::attempt_head(std::unique_lock<std::mutex>& lock) {
  Item& head = queue_.front();
  const auto now = clock_.monotonic();
  if (head.failures == 0) {
    head.first_attempt = now;
  } else if (policy_.give_up_after.count() > 0 && now - head.first_attempt >= policy_.give_up_after) {
    finish_head(lock, Result::permanent("gave up after " + std::to_string(head.failures) +
                                        " failed attempts: " + failing_reason_));
    return;
  }
  const Message message = head.message;  // the head stays in place while the lock is released
  ++stats_.attempts;
  lock.unlock();
  Result result;
  try {
    result = notifier_->send(message);
  } catch (const std::exception& e) {  // a notifier must not throw; a bug in one must not kill delivery
    result = Result::retryable(std::string("notifier failed: ") + e.what());
  }
  lock.lock();
  if (!result.is_retryable()) {
    finish_head(lock, result);
    return;
  }
  Item& same = queue_.front();
  ++same.failures;
  ++failures_in_a_row_;
  const auto delay = retry_delay(policy_, result, same.failures, random_unit());
  next_attempt_ = clock_.monotonic() + delay;
  if (result.reason != failing_reason_) {
    logger_->warn("delivery failed, retrying in {:.1f} s: {}", static_cast<double>(delay.count()) / 1000.0,
                  result.reason);
    failing_reason_ = result.reason;
  }
}

void DeliveryQueue::finish_head(std::unique_lock<std::mutex>& lock, const Result& result) {
  Item done = std::move(queue_.front());
  queue_.pop_front();
  next_attempt_ = clock_.monotonic() + policy_.min_interval;
  if (result.is_ok()) {
    ++stats_.delivered;
    if (failures_in_a_row_ > 0) {
      logger_->info("delivering again after {} failed attempts", failures_in_a_row_);
    }
  } else {
    ++stats_.failed;
    logger_->error("message dropped: {}", result.reason);
  }
  failures_in_a_row_ = 0;
  failing_reason_.clear();
  if (on_finished_) {
    lock.unlock();
    on_finished_(done.message, result);
    lock.lock();
  }
}

}  // namespace dcm::core::notify
