#include "core/notify/retry.hpp"

#include <atomic>
#include <deque>

#include <gtest/gtest.h>

#include "core/notify/telegram.hpp"
#include "tests/support/fake_telegram.hpp"
#include "tests/unit/core/notify/log_capture.hpp"

namespace dcm::core::notify {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A notifier that answers from a script (then ok) and records what it was asked to send: the retry engine
// is tested against our own Notifier interface; transports are tested against fake servers.
class ScriptedNotifier final : public Notifier {
 public:
  struct Shared {
    std::mutex mutex;
    std::deque<Result> script;
    std::vector<std::string> attempts;  // titles, in the order tried
  };
  explicit ScriptedNotifier(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}
  std::string_view name() const override { return "scripted"; }
  Result send(const Message& message) override {
    std::lock_guard lock(shared_->mutex);
    shared_->attempts.push_back(message.title);
    if (shared_->script.empty()) {
      return Result::ok();
    }
    auto result = shared_->script.front();
    shared_->script.pop_front();
    return result;
  }

 private:
  std::shared_ptr<Shared> shared_;
};

RetryPolicy exact_policy() {
  RetryPolicy policy;
  policy.initial_backoff = seconds(1);
  policy.max_backoff = seconds(8);
  policy.jitter = 0;
  return policy;
}

class DeliveryQueueTest : public ::testing::Test {
 protected:
  std::unique_ptr<DeliveryQueue> make_queue(RetryPolicy policy = exact_policy()) {
    return std::make_unique<DeliveryQueue>(std::make_unique<ScriptedNotifier>(shared_), policy, clock_,
                                           logs_.logger(),
                                           [this](const Message& message, const Result& result) {
                                             std::lock_guard lock(shared_->mutex);
                                             finished_.emplace_back(message.title, result);
                                           });
  }
  std::vector<std::string> attempts() {
    std::lock_guard lock(shared_->mutex);
    return shared_->attempts;
  }
  void script(std::initializer_list<Result> results) {
    std::lock_guard lock(shared_->mutex);
    shared_->script.insert(shared_->script.end(), results.begin(), results.end());
  }
  std::vector<std::pair<std::string, Result>> finished() {
    std::lock_guard lock(shared_->mutex);
    return finished_;
  }

  std::shared_ptr<ScriptedNotifier::Shared> shared_ = std::make_shared<ScriptedNotifier::Shared>();
  std::vector<std::pair<std::string, Result>> finished_;
  sys::FakeClock clock_;
  testing::LogCapture logs_;
};

Message titled(std::string title) {
  return Message{std::move(title), "body", Severity::kWarning, "g"};
}

TEST(BackoffDelay, GrowsExponentiallyUpToTheCapWithJitter) {
  RetryPolicy policy = exact_policy();
  const struct {
    int failures;
    milliseconds expected;
  } cases[] = {{1, seconds(1)}, {2, seconds(2)}, {3, seconds(4)},
               {4, seconds(8)}, {5, seconds(8)}, {60, seconds(8)}};
  for (const auto& c : cases) {
    EXPECT_EQ(backoff_delay(policy, c.failures, 0.5), c.expected) << c.failures;
  }
  policy.jitter = 0.2;
  EXPECT_EQ(backoff_delay(policy, 1, 0.0), milliseconds(800));
  EXPECT_EQ(backoff_delay(policy, 1, 0.5), milliseconds(1000));
  EXPECT_EQ(backoff_delay(policy, 1, 0.999999), milliseconds(1200));
  EXPECT_EQ(backoff_delay(policy, 3, 0.0), milliseconds(3200));
}

TEST(RetryDelay, HonoursThePeersRetryAfterUpToTheCap) {
  RetryPolicy policy = exact_policy();
  policy.max_retry_after = seconds(60);
  EXPECT_EQ(retry_delay(policy, Result::retryable("x", seconds(30)), 1, 0.5), seconds(30));
  EXPECT_EQ(retry_delay(policy, Result::retryable("x", seconds(600)), 1, 0.5), seconds(60));
  EXPECT_EQ(retry_delay(policy, Result::retryable("x", seconds(0)), 3, 0.5), seconds(0));
  EXPECT_EQ(retry_delay(policy, Result::retryable("x"), 3, 0.5), seconds(4));
}

TEST_F(DeliveryQueueTest, DeliversInOrder) {
  auto queue = make_queue();
  queue->start();
  for (auto title : {"a", "b", "c"}) {
    EXPECT_TRUE(queue->enqueue(titled(title)));
  }
  queue->settle();
  EXPECT_EQ(attempts(), (std::vector<std::string>{"a", "b", "c"}));
  const auto stats = queue->stats();
  EXPECT_EQ(stats.queued, 3u);
  EXPECT_EQ(stats.delivered, 3u);
  EXPECT_EQ(stats.pending, 0u);
  EXPECT_EQ(finished().size(), 3u);
}

TEST_F(DeliveryQueueTest, RetriesAfterBackoffAndKeepsOrder) {
  script({Result::retryable("HTTP 500"), Result::retryable("HTTP 500")});
  auto queue = make_queue();
  queue->start();
  queue->enqueue(titled("first"));
  queue->enqueue(titled("second"));
  queue->settle();
  EXPECT_EQ(attempts(), (std::vector<std::string>{"first"}));
  clock_.advance(milliseconds(999));
  queue->settle();
  EXPECT_EQ(attempts().size(), 1u) << "backoff 1 s not over";
  clock_.advance(milliseconds(1));
  queue->settle();
  EXPECT_EQ(attempts(), (std::vector<std::string>{"first", "first"}));
  clock_.advance(milliseconds(1999));
  queue->settle();
  EXPECT_EQ(attempts().size(), 2u) << "second backoff is 2 s";
  clock_.advance(milliseconds(1));
  queue->settle();
  EXPECT_EQ(attempts(), (std::vector<std::string>{"first", "first", "first", "second"}));
  EXPECT_EQ(queue->stats().delivered, 2u);
  EXPECT_EQ(queue->stats().attempts, 4u);
}

TEST_F(DeliveryQueueTest, HonoursRetryAfter) {
  script({Result::retryable("HTTP 429", seconds(30))});
  auto queue = make_queue();
  queue->start();
  queue->enqueue(titled("m"));
  queue->settle();
  clock_.advance(seconds(29));
  queue->settle();
  EXPECT_EQ(attempts().size(), 1u) << "retry_after 30 s wins over a 1 s backoff";
  clock_.advance(seconds(1));
  queue->settle();
  EXPECT_EQ(attempts().size(), 2u);
  EXPECT_EQ(queue->stats().delivered, 1u);
}

TEST_F(DeliveryQueueTest, PermanentFailureDropsOnlyThatMessage) {
  script({Result::permanent("HTTP 400 (chat not found)")});
  auto queue = make_queue();
  queue->start();
  queue->enqueue(titled("bad"));
  queue->enqueue(titled("good"));
  queue->settle();
  EXPECT_EQ(attempts(), (std::vector<std::string>{"bad", "good"}));
  const auto done = finished();
  ASSERT_EQ(done.size(), 2u);
  EXPECT_TRUE(done[0].second.is_permanent());
  EXPECT_TRUE(done[1].second.is_ok());
  EXPECT_EQ(queue->stats().failed, 1u);
  EXPECT_NE(logs_.text().find("message dropped: HTTP 400 (chat not found)"), std::string::npos);
}

TEST_F(DeliveryQueueTest, GivesUpOnAMessageRetriedTooLong) {
  RetryPolicy policy = exact_policy();
  policy.give_up_after = seconds(10);
  script({Result::retryable("down"), Result::retryable("down"), Result::retryable("down")});
  auto queue = make_queue(policy);
  queue->start();
  queue->enqueue(titled("old"));
  queue->enqueue(titled("next"));
  for (int i = 0; i < 5; ++i) {
    queue->settle();
    clock_.advance(seconds(8));
  }
  queue->settle();
  const auto done = finished();
  ASSERT_GE(done.size(), 1u);
  EXPECT_EQ(done[0].first, "old");
  EXPECT_TRUE(done[0].second.is_permanent());
  EXPECT_EQ(done[0].second.reason, "gave up after 2 failed attempts: down");
  EXPECT_EQ(queue->stats().failed, 1u);
  EXPECT_EQ(queue->stats().delivered, 1u) << "the next message gets its own time, not the time it waited";
}

TEST_F(DeliveryQueueTest, BoundedQueueCountsWhatItDrops) {
  RetryPolicy policy = exact_policy();
  policy.capacity = 2;
  auto queue = make_queue(policy);  // not started: nothing drains
  EXPECT_TRUE(queue->enqueue(titled("1")));
  EXPECT_TRUE(queue->enqueue(titled("2")));
  EXPECT_FALSE(queue->enqueue(titled("3")));
  EXPECT_FALSE(queue->enqueue(titled("4")));
  auto stats = queue->stats();
  EXPECT_EQ(stats.dropped, 2u);
  EXPECT_EQ(stats.pending, 2u);
  queue->start();
  queue->settle();
  EXPECT_EQ(attempts(), (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(queue->enqueue(titled("5")));
  const auto text = logs_.text();
  EXPECT_NE(text.find("queue full (2 messages)"), std::string::npos) << text;
  EXPECT_EQ(text.find("queue full", text.find("queue full") + 1), std::string::npos)
      << "logged once per streak";
}

TEST_F(DeliveryQueueTest, StopsPromptlyDuringALongWait) {
  script({Result::retryable("HTTP 429", std::chrono::hours(1))});
  sys::SystemClock real_clock;
  DeliveryQueue queue(std::make_unique<ScriptedNotifier>(shared_), exact_policy(), real_clock,
                      logs_.logger());
  queue.start();
  queue.enqueue(titled("m"));
  queue.settle();
  queue.stop();  // would hang for an hour if the wait were not interruptible; ctest's timeout catches that
  queue.stop();
  EXPECT_EQ(queue.stats().pending, 1u);
  EXPECT_FALSE(queue.enqueue(titled("late")));
}

TEST_F(DeliveryQueueTest, SpacesSendsByTheMinimumInterval) {
  RetryPolicy policy = exact_policy();
  policy.min_interval = seconds(1);
  auto queue = make_queue(policy);
  queue->start();
  queue->enqueue(titled("a"));
  queue->enqueue(titled("b"));
  queue->settle();
  EXPECT_EQ(attempts().size(), 1u);
  clock_.advance(seconds(1));
  queue->settle();
  EXPECT_EQ(attempts().size(), 2u);
}

TEST_F(DeliveryQueueTest, LogsAFailureWhenItChangesNotOnEveryRetry) {
  script({Result::retryable("HTTP 500"), Result::retryable("HTTP 500"), Result::retryable("HTTP 500"),
          Result::retryable("timed out after 10.0 s")});
  auto queue = make_queue();
  queue->start();
  queue->enqueue(titled("m"));
  for (int i = 0; i < 5; ++i) {
    queue->settle();
    clock_.advance(seconds(8));
  }
  queue->settle();
  EXPECT_EQ(queue->stats().delivered, 1u);
  const auto text = logs_.text();
  auto count = [&](std::string_view needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_EQ(count("delivery failed"), 2u) << text;
  EXPECT_EQ(count("HTTP 500"), 1u) << text;
  EXPECT_EQ(count("delivering again after 4 failed attempts"), 1u) << text;
  EXPECT_NE(text.find("[notifier=scripted]"), std::string::npos) << text;
}

TEST_F(DeliveryQueueTest, SurvivesANotifierThatThrows) {
  class Throwing final : public Notifier {
   public:
    std::string_view name() const override { return "throwing"; }
    Result send(const Message&) override {
      if (++calls_ == 1) {
        throw std::runtime_error("bug");
      }
      return Result::ok();
    }

   private:
    int calls_ = 0;
  };
  DeliveryQueue queue(std::make_unique<Throwing>(), exact_policy(), clock_, logs_.logger());
  queue.start();
  queue.enqueue(titled("m"));
  queue.settle();
  clock_.advance(seconds(1));
  queue.settle();
  EXPECT_EQ(queue.stats().delivered, 1u);
}

// The whole path against the fake Bot API: a 429 with retry_after holds the queue, then both messages
// arrive once, in order.
TEST(DeliveryQueueTelegram, WaitsOutA429AndDeliversInOrderWithoutDuplicates) {
  const std::string token = "42:retry-test";
  test::FakeTelegram telegram(token);
  telegram.script().fail_next(429, 3);
  sys::FakeClock clock;
  DeliveryQueue queue(
      std::make_unique<TelegramNotifier>(TelegramOptions{telegram.base_url(), token, "7", seconds(5)}),
      exact_policy(), clock, log::null_logger());
  queue.start();
  queue.enqueue(titled("one"));
  queue.enqueue(titled("two"));
  queue.settle();
  EXPECT_EQ(telegram.requests(), 1u);
  clock.advance(seconds(2));
  queue.settle();
  EXPECT_EQ(telegram.requests(), 1u);
  clock.advance(seconds(1));
  queue.settle();
  const auto sent = telegram.messages();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(test::telegram_visible_text(sent[0].text), "🟠 one\nbody");
  EXPECT_EQ(test::telegram_visible_text(sent[1].text), "🟠 two\nbody");
  EXPECT_EQ(telegram.requests(), 3u);
}

}  // namespace
}  // namespace dcm::core::notify
