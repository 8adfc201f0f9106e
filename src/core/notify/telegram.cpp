#include "core/notify/telegram.hpp"

#include <nlohmann/json.hpp>

#include "core/notify/plain_text.hpp"

namespace dcm::core::notify {
namespace {

constexpr std::size_t kMaxTitleChars = 512;

std::string_view severity_mark(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
      return "🔴";
    case Severity::kWarning:
      return "🟠";
    case Severity::kInfo:
      return "🔵";
    case Severity::kResolved:
      break;
  }
  return "✅";
}

std::string one_line(std::string text) {
  for (auto& c : text) {
    if (c == '\n' || c == '\t') {
      c = ' ';
    }
  }
  return text;
}

}  // namespace

std::string telegram_html(const Message& message) {
  const std::string mark = std::string(severity_mark(message.severity)) + " ";
  std::string title = one_line(sanitize_utf8(message.title));
  if (utf16_length(title) > kMaxTitleChars) {
    title = std::string(truncate_utf16(title, kMaxTitleChars - 1)) + "…";
  }
  std::string body = sanitize_utf8(message.body);
  const std::size_t head = utf16_length(mark) + utf16_length(title);
  if (!body.empty()) {
    const std::size_t room = kTelegramMaxChars - head - 1;  // 1: the newline after the title
    if (utf16_length(body) > room) {
      body = std::string(truncate_utf16(body, room - utf16_length(kTelegramTruncationMarker)));
      body += kTelegramTruncationMarker;
    }
  }
  std::string html = mark + "<b>" + html_escape(title) + "</b>";
  if (!body.empty()) {
    html += "\n" + html_escape(body);
  }
  return html;
}

TelegramNotifier::TelegramNotifier(TelegramOptions options) : options_(std::move(options)) {
  while (options_.api_base_url.ends_with('/')) {
    options_.api_base_url.pop_back();
  }
  redactor_.add_bot_token(options_.token);
}

Result TelegramNotifier::send(const Message& message) {
  if (options_.token.empty() || options_.chat_id.empty()) {
    return Result::permanent("telegram: no bot token or chat id configured");
  }
  http::ClientRequest request;
  request.method = "POST";
  request.url = options_.api_base_url + "/bot" + options_.token + "/sendMessage";
  request.headers = {{"Content-Type", "application/json"}};
  request.timeout = options_.timeout;
  request.connect_timeout = std::min(options_.timeout, std::chrono::milliseconds(5'000));
  const nlohmann::json payload = {
      {"chat_id", options_.chat_id},
      {"text", telegram_html(message)},
      {"parse_mode", "HTML"},
      {"link_preview_options", {{"is_disabled", true}}},
  };
  request.body = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  http::ClientResponse response;
  try {
    response = client_.perform(request);
  } catch (const http::TransportError& e) {
    // The client names only scheme://host:port; redact anyway, in case a future message carries more.
    return Result::retryable(redactor_.apply(std::string("telegram: ") + e.what()));
  }

  // Telegram answers {"ok": bool, "description": "...", "parameters": {"retry_after": N}}.
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  const bool parsed = json.is_object();
  std::string description;
  std::optional<std::chrono::milliseconds> retry_after;
  if (parsed) {
    if (auto it = json.find("description"); it != json.end() && it->is_string()) {
      // Redacted before it is shortened: a cut must not leave half a token behind.
      description = std::string(truncate_utf16(sanitize_utf8(redactor_.apply(it->get<std::string>())), 300));
    }
    if (auto params = json.find("parameters"); params != json.end() && params->is_object()) {
      if (auto it = params->find("retry_after"); it != params->end() && it->is_number_integer()) {
        retry_after = std::chrono::seconds(std::max<std::int64_t>(0, it->get<std::int64_t>()));
      }
    }
  }
  if (!retry_after) {
    if (auto header = response.header("retry-after")) {
      retry_after = parse_retry_after_seconds(*header);
    }
  }
  if (response.status >= 200 && response.status < 300) {
    if (parsed && json.value("ok", false)) {
      return Result::ok();
    }
    return Result::permanent("telegram: HTTP " + std::to_string(response.status) + " without \"ok\": true" +
                             (description.empty() ? "" : " (" + description + ")"));
  }
  return result_from_http(response.status, "telegram", description, retry_after);
}

}  // namespace dcm::core::notify
