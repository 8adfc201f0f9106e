#include "core/notify/webhook.hpp"

#include <nlohmann/json.hpp>

#include "core/notify/plain_text.hpp"

namespace dcm::core::notify {

std::string webhook_json(const Message& message, const std::string& sender) {
  const nlohmann::json payload = {
      {"version", 1},
      {"title", message.title},
      {"body", message.body},
      {"severity", to_string(message.severity)},
      {"group_key", message.group_key},
      {"sender", sender},
  };
  // Invalid UTF-8 from a BMC becomes U+FFFD instead of an exception.
  return payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

WebhookNotifier::WebhookNotifier(WebhookOptions options)
    : options_(std::move(options)), origin_(http::url_origin(options_.url)) {
  redactor_.add_url(options_.url);
  redactor_.add(options_.bearer_token);
}

Result WebhookNotifier::send(const Message& message) {
  if (options_.url.empty()) {
    return Result::permanent("webhook: no URL configured");
  }
  http::ClientRequest request;
  request.method = "POST";
  request.url = options_.url;
  request.headers = {{"Content-Type", "application/json"}};
  if (!options_.bearer_token.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + options_.bearer_token);
  }
  request.body = webhook_json(message, options_.sender);
  request.timeout = options_.timeout;
  request.connect_timeout = std::min(options_.timeout, std::chrono::milliseconds(5'000));
  request.tls_verify = options_.tls_verify;
  request.max_response_bytes = 64 * 1024;

  const std::string what = "webhook " + origin_;
  http::ClientResponse response;
  try {
    response = client_.perform(request);
  } catch (const http::TransportError& e) {
    if (e.kind() == http::TransportError::Kind::kBadUrl) {
      return Result::permanent(redactor_.apply("webhook: " + std::string(e.what())));
    }
    return Result::retryable(redactor_.apply("webhook: " + std::string(e.what())));
  }
  std::optional<std::chrono::milliseconds> retry_after;
  if (auto header = response.header("retry-after")) {
    retry_after = parse_retry_after_seconds(*header);
  }
  // A short, single-line excerpt of the receiver's answer helps operators; it is the receiver's text, not
  // ours, and redacted like everything else.
  std::string detail(truncate_utf16(sanitize_utf8(redactor_.apply(response.body)), 200));
  for (auto& c : detail) {
    if (c == '\n' || c == '\t') {
      c = ' ';
    }
  }
  return result_from_http(response.status, what, detail, retry_after);
}

}  // namespace dcm::core::notify
