// Telegram notifier: Bot API sendMessage in HTML parse mode (https://core.telegram.org/bots/api#sendmessage).
//
// All message text is escaped (title in bold, body as plain text) after invalid UTF-8 is repaired; a text
// longer than Telegram's 4096 characters is cut between characters and ends with a truncation marker.
// The API base URL is configurable (tests' fake server, a self-hosted Bot API server).
//
// Result mapping: 2xx with "ok": true -> ok; 429 -> retryable with parameters.retry_after (or the
// Retry-After header); 5xx, timeouts and connection failures -> retryable; other 4xx (bad token, chat not
// found, bad markup) -> permanent with Telegram's description. The bot token is part of the request URL
// and appears in no result, error or log line.
#pragma once

#include <chrono>
#include <string>

#include "core/http/client.hpp"
#include "core/notify/notifier.hpp"
#include "core/notify/redactor.hpp"

namespace dcm::core::notify {

struct TelegramOptions {
  std::string api_base_url = "https://api.telegram.org";
  std::string token;    // secret: from a token file or TELEGRAM_TOKEN, never logged
  std::string chat_id;  // numeric id ("-1001234567890") or "@channelname"
  std::chrono::milliseconds timeout{10'000};
};

// Telegram's limit on a message, in characters after entity parsing (UTF-16 code units).
inline constexpr std::size_t kTelegramMaxChars = 4096;
// What replaces the end of a message that was too long.
inline constexpr std::string_view kTelegramTruncationMarker = "\n… (truncated)";

// The HTML text sendMessage gets for `message`: "<severity mark> <b>title</b>\nbody", escaped, at most
// kTelegramMaxChars visible characters. Pure.
std::string telegram_html(const Message& message);

class TelegramNotifier final : public Notifier {
 public:
  explicit TelegramNotifier(TelegramOptions options);

  std::string_view name() const override { return "telegram"; }
  Result send(const Message& message) override;

 private:
  TelegramOptions options_;
  Redactor redactor_;  // the token, should a peer echo it
  http::Client client_;
};

}  // namespace dcm::core::notify
