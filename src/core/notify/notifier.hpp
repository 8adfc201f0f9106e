// One interface for every notification channel (Alertmanager's notify pattern, STYLE.md habit 7).
//
// A notifier is thin: it formats one message for its channel, makes one attempt, and says how it went:
// ok, retryable (with the peer's retry_after when it gave one) or permanent. Retries, backoff, ordering and
// queue bounds live in DeliveryQueue (retry.hpp); dedup and grouping happen upstream, in the alert engines.
//
// A result's reason is shown to operators and logged: it never holds a secret (bot token, bearer token,
// a webhook URL's path or query). The conformance test (tests/unit/core/notify) checks that of every
// notifier.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dcm::core::notify {

enum class Severity { kInfo, kWarning, kCritical, kResolved };
std::string_view to_string(Severity severity);  // "info", "warning", "critical", "resolved"

struct Message {
  std::string title;  // one line: "gpu-node-01: PSU 2 failure"
  std::string body;   // plain text, any length, may hold text from BMCs: notifiers escape and trim it
  Severity severity = Severity::kInfo;
  std::string group_key;  // what the message is about ("server/gpu-node-01", "site/jhb1"), for receivers
};

struct Result {
  enum class Kind { kOk, kRetryable, kPermanent };

  Kind kind = Kind::kOk;
  std::string reason;                                    // empty when ok; never a secret
  std::optional<std::chrono::milliseconds> retry_after;  // the peer's wish (HTTP 429), retryable only

  static Result ok() { return {}; }
  static Result retryable(std::string reason, std::optional<std::chrono::milliseconds> retry_after = {}) {
    return {Kind::kRetryable, std::move(reason), retry_after};
  }
  static Result permanent(std::string reason) { return {Kind::kPermanent, std::move(reason), std::nullopt}; }

  bool is_ok() const { return kind == Kind::kOk; }
  bool is_retryable() const { return kind == Kind::kRetryable; }
  bool is_permanent() const { return kind == Kind::kPermanent; }
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  // "telegram", "webhook": the tag in logs ("notifier=telegram") and metrics.
  virtual std::string_view name() const = 0;
  // One delivery attempt, bounded by the notifier's timeout. Never throws.
  virtual Result send(const Message& message) = 0;
};

// The common mapping of an HTTP answer, for notifiers over HTTP: 2xx ok; 429, 5xx and 408 retryable
// (with the peer's `retry_after`, when it sent one: RFC 9110 allows it on 503 too); everything else
// (3xx, other 4xx) permanent. `what` names the
// peer without secrets ("telegram", "webhook https://hooks.example.org:443"); `detail` is the peer's
// own explanation when it gave one.
Result result_from_http(int status, std::string_view what, std::string_view detail,
                        std::optional<std::chrono::milliseconds> retry_after);

// Retry-After as delta-seconds ("120"); nullopt for anything else (HTTP dates are left to the backoff).
std::optional<std::chrono::milliseconds> parse_retry_after_seconds(std::string_view header);

}  // namespace dcm::core::notify
