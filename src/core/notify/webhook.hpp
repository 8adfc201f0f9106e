// Generic webhook notifier: POSTs each message as JSON to a URL, optionally with a bearer token.
//
//   {"version": 1, "title": "...", "body": "...", "severity": "critical", "group_key": "server/gpu-01",
//    "sender": "ipmi-monitor"}
//
// Result mapping as for every HTTP notifier (notifier.hpp): 2xx ok; 429 retryable honouring a
// Retry-After of seconds; 5xx, 408, timeouts and connection failures retryable; anything else permanent.
// The URL is treated as a secret (Slack- and Discord-style URLs carry a key in their path), so results
// and errors name only its scheme://host:port; the bearer token appears nowhere.
#pragma once

#include <chrono>
#include <string>

#include "core/http/client.hpp"
#include "core/notify/notifier.hpp"
#include "core/notify/redactor.hpp"

namespace dcm::core::notify {

struct WebhookOptions {
  std::string url;           // http:// or https://
  std::string bearer_token;  // optional; sent as "Authorization: Bearer ..."
  std::string sender;        // the program, for receivers that serve several ("ipmi-monitor")
  std::chrono::milliseconds timeout{10'000};
  bool tls_verify = true;
};

// The JSON body the webhook receives for `message`. Pure.
std::string webhook_json(const Message& message, const std::string& sender);

class WebhookNotifier final : public Notifier {
 public:
  explicit WebhookNotifier(WebhookOptions options);

  std::string_view name() const override { return "webhook"; }
  Result send(const Message& message) override;

 private:
  WebhookOptions options_;
  Redactor redactor_;   // the URL's secret parts, the bearer token
  std::string origin_;  // what results may show of the URL
  http::Client client_;
};

}  // namespace dcm::core::notify
