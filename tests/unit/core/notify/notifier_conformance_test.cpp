// The conformance test every notifier runs (STYLE.md habit 7): the retry table (how each kind of answer
// maps to ok / retryable / permanent) and AssertNotifyLeaksNoSecret (no token, key or secret URL part in
// any result, error or log line, whatever the peer does). A new notifier adds a Peer below.
#include <functional>
#include <memory>

#include <gtest/gtest.h>

#include "core/notify/retry.hpp"
#include "core/notify/telegram.hpp"
#include "core/notify/webhook.hpp"
#include "tests/support/fake_telegram.hpp"
#include "tests/support/fake_webhook.hpp"
#include "tests/support/process.hpp"
#include "tests/unit/core/notify/log_capture.hpp"

namespace dcm::core::notify {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A fake peer for one notifier, and notifiers pointed at it.
class Peer {
 public:
  virtual ~Peer() = default;
  virtual test::ScriptedAnswers& script() = 0;
  virtual std::unique_ptr<Notifier> notifier(milliseconds timeout) = 0;
  virtual std::unique_ptr<Notifier> unreachable_notifier() = 0;  // same secrets, a closed port
  virtual std::size_t delivered() const = 0;
  virtual std::vector<std::string> secrets() const = 0;  // what must never be shown
};

class TelegramPeer final : public Peer {
 public:
  static constexpr const char* kToken = "7301234567:AAH-SeCrEt_ToKeN-never-print";
  test::ScriptedAnswers& script() override { return fake_.script(); }
  std::unique_ptr<Notifier> notifier(milliseconds timeout) override {
    return std::make_unique<TelegramNotifier>(TelegramOptions{fake_.base_url(), kToken, "-1001", timeout});
  }
  std::unique_ptr<Notifier> unreachable_notifier() override {
    return std::make_unique<TelegramNotifier>(TelegramOptions{
        "http://127.0.0.1:" + std::to_string(test::free_port()), kToken, "-1001", seconds(5)});
  }
  std::size_t delivered() const override { return fake_.messages().size(); }
  std::vector<std::string> secrets() const override { return {kToken, "AAH-SeCrEt_ToKeN-never-print"}; }

 private:
  test::FakeTelegram fake_{kToken};
};

class WebhookPeer final : public Peer {
 public:
  static constexpr const char* kPath = "/hooks/K3Y-in-the-path-never-print";
  static constexpr const char* kBearer = "Bearer-SeCrEt-never-print";
  test::ScriptedAnswers& script() override { return fake_.script(); }
  std::unique_ptr<Notifier> notifier(milliseconds timeout) override {
    return std::make_unique<WebhookNotifier>(WebhookOptions{fake_.url(), kBearer, "test", timeout, true});
  }
  std::unique_ptr<Notifier> unreachable_notifier() override {
    return std::make_unique<WebhookNotifier>(WebhookOptions{
        "http://127.0.0.1:" + std::to_string(test::free_port()) + kPath, kBearer, "test", seconds(5), true});
  }
  std::size_t delivered() const override { return fake_.deliveries().size(); }
  std::vector<std::string> secrets() const override {
    return {kPath, "K3Y-in-the-path-never-print", kBearer};
  }

 private:
  test::FakeWebhook fake_{kPath};
};

struct PeerKind {
  std::string name;
  std::function<std::unique_ptr<Peer>()> make;
};

class NotifierConformance : public ::testing::TestWithParam<PeerKind> {
 protected:
  void SetUp() override { peer_ = GetParam().make(); }
  std::unique_ptr<Peer> peer_;
};

const Message kMessage{"gpu-01: PSU failure", "PSU 2: AC lost", Severity::kCritical, "server/gpu-01"};

TEST_P(NotifierConformance, DeliversAMessage) {
  auto notifier = peer_->notifier(seconds(5));
  const auto result = notifier->send(kMessage);
  EXPECT_TRUE(result.is_ok()) << result.reason;
  EXPECT_EQ(result.reason, "");
  EXPECT_EQ(peer_->delivered(), 1u);
}

// The retry table: each peer answer and the result every notifier must give for it.
TEST_P(NotifierConformance, MapsEveryAnswerByTheRetryTable) {
  const struct Row {
    int status;
    std::optional<int> retry_after;
    Result::Kind kind;
    std::optional<milliseconds> expected_retry_after;
  } rows[] = {
      {429, 7, Result::Kind::kRetryable, seconds(7)},
      {429, std::nullopt, Result::Kind::kRetryable, std::nullopt},
      {500, std::nullopt, Result::Kind::kRetryable, std::nullopt},
      {502, std::nullopt, Result::Kind::kRetryable, std::nullopt},
      {503, std::nullopt, Result::Kind::kRetryable, std::nullopt},
      {504, std::nullopt, Result::Kind::kRetryable, std::nullopt},
      {408, std::nullopt, Result::Kind::kRetryable, std::nullopt},
      {400, std::nullopt, Result::Kind::kPermanent, std::nullopt},
      {401, std::nullopt, Result::Kind::kPermanent, std::nullopt},
      {403, std::nullopt, Result::Kind::kPermanent, std::nullopt},
      {404, std::nullopt, Result::Kind::kPermanent, std::nullopt},
  };
  auto notifier = peer_->notifier(seconds(5));
  for (const auto& row : rows) {
    peer_->script().fail_next(row.status, row.retry_after);
    const auto result = notifier->send(kMessage);
    EXPECT_EQ(result.kind, row.kind) << "HTTP " << row.status << ": " << result.reason;
    EXPECT_EQ(result.retry_after, row.expected_retry_after) << "HTTP " << row.status;
    EXPECT_NE(result.reason.find("HTTP " + std::to_string(row.status)), std::string::npos) << result.reason;
  }
  EXPECT_EQ(peer_->delivered(), 0u);
  EXPECT_TRUE(notifier->send(kMessage).is_ok()) << "the script is used up: normal service";
}

TEST_P(NotifierConformance, UnreachablePeerIsRetryable) {
  const auto result = peer_->unreachable_notifier()->send(kMessage);
  EXPECT_TRUE(result.is_retryable()) << result.reason;
  EXPECT_FALSE(result.retry_after.has_value());
}

TEST_P(NotifierConformance, SilentPeerTimesOutAsRetryable) {
  peer_->script().hang_next();
  const auto result = peer_->notifier(milliseconds(300))->send(kMessage);
  peer_->script().release();
  EXPECT_TRUE(result.is_retryable()) << result.reason;
  EXPECT_NE(result.reason.find("timed out"), std::string::npos) << result.reason;
}

// AssertNotifyLeaksNoSecret: every failure a peer can produce, through a DeliveryQueue with a logger at
// trace level; no secret in any result reason or log line, even when the peer echoes the secret back.
TEST_P(NotifierConformance, AssertNotifyLeaksNoSecret) {
  testing::LogCapture logs;
  std::vector<std::string> reasons;
  std::mutex reasons_mutex;
  auto record = [&](const Result& result) {
    std::lock_guard lock(reasons_mutex);
    reasons.push_back(result.reason);
  };

  auto direct = peer_->notifier(milliseconds(300));
  for (int status : {400, 401, 403, 404, 429, 500, 502}) {
    peer_->script().fail_next(status, 1);
    record(direct->send(kMessage));
  }
  for (const auto& secret : peer_->secrets()) {
    peer_->script().fail_next_with_text(500, "upstream said: " + secret + " is wrong");
    record(direct->send(kMessage));
    peer_->script().fail_next_with_text(400, "Bad Request: " + secret);
    record(direct->send(kMessage));
  }
  peer_->script().hang_next();
  record(direct->send(kMessage));
  peer_->script().release();
  record(peer_->unreachable_notifier()->send(kMessage));

  sys::FakeClock clock;
  RetryPolicy policy;
  policy.jitter = 0;
  policy.give_up_after = seconds(30);
  DeliveryQueue queue(peer_->notifier(seconds(5)), policy, clock, logs.logger(),
                      [&](const Message&, const Result& result) { record(result); });
  queue.start();
  peer_->script().fail_next(500, std::nullopt, 3);
  peer_->script().fail_next_with_text(503, "echo " + peer_->secrets().front());
  peer_->script().fail_next(400);
  queue.enqueue(kMessage);
  queue.enqueue(kMessage);
  for (int i = 0; i < 12; ++i) {
    queue.settle();
    clock.advance(seconds(8));
  }
  queue.stop();

  DeliveryQueue unreachable(peer_->unreachable_notifier(), policy, clock, logs.logger(),
                            [&](const Message&, const Result& result) { record(result); });
  unreachable.start();
  unreachable.enqueue(kMessage);
  for (int i = 0; i < 6; ++i) {
    unreachable.settle();
    clock.advance(seconds(8));
  }
  unreachable.stop();

  const auto log_text = logs.text();
  EXPECT_NE(log_text.find("delivery failed"), std::string::npos) << "the logs were exercised";
  EXPECT_NE(log_text.find("message dropped"), std::string::npos) << log_text;
  EXPECT_GE(reasons.size(), 15u);
  for (const auto& secret : peer_->secrets()) {
    EXPECT_EQ(log_text.find(secret), std::string::npos) << "secret in a log line:\n" << log_text;
    for (const auto& reason : reasons) {
      EXPECT_EQ(reason.find(secret), std::string::npos) << "secret in a result: " << reason;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Notifiers, NotifierConformance,
    ::testing::Values(PeerKind{"Telegram", [] { return std::make_unique<TelegramPeer>(); }},
                      PeerKind{"Webhook", [] { return std::make_unique<WebhookPeer>(); }}),
    [](const ::testing::TestParamInfo<PeerKind>& kind) { return kind.param.name; });

}  // namespace
}  // namespace dcm::core::notify
