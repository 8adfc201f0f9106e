// A fake Telegram Bot API server on 127.0.0.1 (port 0) for notifier tests: it serves sendMessage for one
// bot token, checks what the real API checks (token, chat_id, HTML entities, 4096-character limit,
// valid UTF-8) and records what it accepted. Tests script failures: 429 with parameters.retry_after, 5xx,
// or a hang until released.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/server.hpp"
#include "tests/support/scripted_answers.hpp"

namespace dcm::test {

struct TelegramMessage {
  std::string chat_id;
  std::string text;  // as sent (HTML)
  std::string parse_mode;
};

// What the real API says about `text` in HTML parse mode: nullopt when acceptable, else its description
// ("Bad Request: can't parse entities: ...", "Bad Request: message is too long").
std::optional<std::string> check_telegram_html(std::string_view text);

// The text a Telegram client shows for HTML `text` (tags removed, entities decoded).
std::string telegram_visible_text(std::string_view text);

class FakeTelegram {
 public:
  explicit FakeTelegram(std::string token);
  ~FakeTelegram();
  FakeTelegram(const FakeTelegram&) = delete;
  FakeTelegram& operator=(const FakeTelegram&) = delete;

  std::string base_url() const;  // "http://127.0.0.1:PORT": TelegramOptions::api_base_url
  ScriptedAnswers& script() { return script_; }

  std::vector<TelegramMessage> messages() const;  // accepted, in arrival order
  std::size_t requests() const;                   // sendMessage calls, failed ones included
  // Polls until `count` messages were accepted; false after `limit`.
  bool wait_for_messages(std::size_t count, std::chrono::milliseconds limit = std::chrono::seconds(10)) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
  ScriptedAnswers script_;
  core::http::Server server_;
};

}  // namespace dcm::test
