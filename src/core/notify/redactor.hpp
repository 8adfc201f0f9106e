// Keeps secrets out of what notifiers report. A peer may echo what it was sent (a proxy quoting the URL, an
// API quoting the token), so every text from a peer passes through the notifier's Redactor before it
// becomes a result reason or a log line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dcm::core::notify {

class Redactor {
 public:
  // Fragments shorter than this are not worth hiding ("/", "v1") and would mangle ordinary words.
  static constexpr std::size_t kMinFragment = 6;

  // Hides `secret` itself (unless it is shorter than 2 characters).
  void add(std::string_view secret);
  // Hides a Telegram bot token ("123456:AAH...") and its secret part after the colon.
  void add_bot_token(std::string_view token);
  // Hides a URL's user info, its path and query, and each path segment and query value of at least
  // kMinFragment characters (a webhook key is often one path segment).
  void add_url(std::string_view url);

  // `text` with every known secret replaced by "<redacted>", longest secret first.
  std::string apply(std::string text) const;

 private:
  void add_fragment(std::string_view fragment);
  std::vector<std::string> secrets_;
};

}  // namespace dcm::core::notify
