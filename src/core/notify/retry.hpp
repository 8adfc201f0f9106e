// Delivery with retries: a DeliveryQueue owns one notifier and a thread of its own that sends queued
// messages in order (Alertmanager's RetryStage). A retryable failure waits (exponential backoff with
// jitter, or the peer's retry_after when it gave one) and tries the same message again, so messages reach
// the channel in the order they were queued and nothing is sent twice by us. A permanent failure drops
// that message. The queue is bounded: when full, new messages are refused and counted as dropped.
// Queuing never blocks the caller (alert evaluation, heartbeat ingest).
//
// Time decisions go through the injected Clock (monotonic time); the thread sleeps on a condition
// variable, so tests with a FakeClock advance the clock and call settle().
//
// Logs (tag notifier=NAME) say when delivery starts failing, when the reason changes and when it recovers:
// not on every retry (STYLE.md habit 11). Reasons come from notifiers and hold no secrets.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "core/log/logging.hpp"
#include "core/notify/notifier.hpp"
#include "core/sys/clock.hpp"

namespace dcm::core::notify {

struct RetryPolicy {
  std::chrono::milliseconds initial_backoff{1'000};  // wait after the first failure
  std::chrono::milliseconds max_backoff{300'000};    // backoff stops growing here
  double multiplier = 2.0;
  double jitter = 0.2;  // each backoff is scaled by a random factor in [1 - jitter, 1 + jitter]
  std::chrono::milliseconds max_retry_after{3'600'000};  // a peer's retry_after is capped at this
  // A message still failing this long after its first attempt is given up (as a permanent failure), so a
  // dead channel does not hold the queue for ever; 0 keeps trying for ever. Time spent waiting behind
  // another message does not count.
  std::chrono::milliseconds give_up_after{std::chrono::hours(24)};
  std::size_t capacity = 1'000;               // queued messages, the one being sent included
  std::chrono::milliseconds min_interval{0};  // between two sends (Telegram: about 1 s per chat)
};

// The wait before the next attempt after `failures` consecutive failures (1 = after the first), given a
// uniform random number in [0, 1) for the jitter. Pure.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int failures, double random_unit);
// After a retryable result: the peer's retry_after (capped) when it gave one, else backoff_delay. Pure.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, const Result& result, int failures,
                                      double random_unit);

struct DeliveryStats {
  std::uint64_t queued = 0;     // accepted by enqueue()
  std::uint64_t delivered = 0;  // sent with an ok result
  std::uint64_t failed = 0;     // given up: a permanent result, or failing for longer than give_up_after
  std::uint64_t dropped = 0;    // refused by enqueue(): queue full or stopped
  std::uint64_t attempts = 0;   // send() calls
  std::size_t pending = 0;      // queued and not finished
};

class DeliveryQueue {
 public:
  // Called on the delivery thread when a message is finished: delivered (ok) or given up (permanent). For
  // an outbox: mark the row sent or failed. Must not call back into this queue's stop().
  using OnFinished = std::function<void(const Message&, const Result&)>;

  DeliveryQueue(std::unique_ptr<Notifier> notifier, RetryPolicy policy, const sys::Clock& clock,
                const log::Logger& logger, OnFinished on_finished = {});
  ~DeliveryQueue();  // stop()
  DeliveryQueue(const DeliveryQueue&) = delete;
  DeliveryQueue& operator=(const DeliveryQueue&) = delete;

  // Starts the delivery thread ("notify-NAME").
  void start();
  // Returns promptly: wakes the thread out of any backoff wait and joins it once the send in flight, if
  // any, returns (bounded by the notifier's timeout). Messages not yet delivered stay counted as pending.
  // Safe to call twice.
  void stop();

  // Queues a message; false (counted as dropped) when the queue is full or stopped. Never blocks on
  // delivery.
  bool enqueue(Message message);

  // Returns once the delivery thread has made a full pass that began after this call: everything due at
  // the current clock time has been attempted. For tests driving a FakeClock; the thread must run.
  void settle();

  DeliveryStats stats() const;
  std::string_view name() const { return notifier_->name(); }

 private:
  struct Item {
    Message message;
    std::chrono::steady_clock::time_point first_attempt{};
    int failures = 0;
  };

  void run();
  // Makes one attempt on the head of the queue; called with the lock held, releases it while sending.
  void attempt_head(std::unique_lock<std::mutex>& lock);
  void finish_head(std::unique_lock<std::mutex>& lock, const Result& result);
  double random_unit();

  std::unique_ptr<Notifier> notifier_;
  RetryPolicy policy_;
  const sys::Clock& clock_;
  log::Logger logger_;
  OnFinished on_finished_;
  std::mt19937_64 random_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;     // the delivery thread waits here
  std::condition_variable settled_;  // settle() waits here
  std::deque<Item> queue_;
  std::chrono::steady_clock::time_point next_attempt_{};
  DeliveryStats stats_;
  bool running_ = false;
  bool stopping_ = false;
  bool stopped_ = false;
  std::uint64_t settle_requested_ = 0;
  std::uint64_t settle_done_ = 0;
  std::string failing_reason_;  // the reason last logged while failing; empty while delivering
  int failures_in_a_row_ = 0;
  bool logged_full_ = false;
  std::thread thread_;
};

}  // namespace dcm::core::notify
