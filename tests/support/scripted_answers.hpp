// What a fake HTTP peer (FakeTelegram, FakeWebhook) answers instead of its normal reply: a queue of
// scripted failures (status + optional retry_after) and "hang until released" for timeout tests.
// Thread-safe: handlers run on the server's worker threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace dcm::test {

class ScriptedAnswers {
 public:
  struct Failure {
    int status = 500;
    std::optional<int> retry_after_seconds;
    std::string text;  // the peer's explanation; empty: the fake's usual one
  };

  // The next `times` requests get this answer.
  void fail_next(int status, std::optional<int> retry_after_seconds = {}, int times = 1) {
    std::lock_guard lock(mutex_);
    for (int i = 0; i < times; ++i) {
      failures_.push_back(Failure{status, retry_after_seconds, {}});
    }
  }

  // The next request gets `status` with `text` as the peer's explanation (Telegram: description; webhook:
  // the body): a peer that echoes what it was sent.
  void fail_next_with_text(int status, std::string text) {
    std::lock_guard lock(mutex_);
    failures_.push_back(Failure{status, std::nullopt, std::move(text)});
  }

  // The next request waits, unanswered, until release() or shutdown(): a peer that has stopped answering.
  void hang_next() {
    std::lock_guard lock(mutex_);
    ++hangs_;
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }
  void shutdown() {
    std::lock_guard lock(mutex_);
    shutdown_ = true;
    changed_.notify_all();
  }

  // Called first by every handler: waits when a hang is due, then returns the failure to answer with, or
  // nullopt for the normal answer.
  std::optional<Failure> next() {
    std::unique_lock lock(mutex_);
    if (hangs_ > 0) {
      --hangs_;
      released_ = false;
      changed_.wait(lock, [&] { return released_ || shutdown_; });
      return Failure{503, std::nullopt, {}};  // whatever the client no longer waits for
    }
    if (failures_.empty()) {
      return std::nullopt;
    }
    auto failure = failures_.front();
    failures_.pop_front();
    return failure;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Failure> failures_;
  int hangs_ = 0;
  bool released_ = false;
  bool shutdown_ = false;
};

}  // namespace dcm::test
