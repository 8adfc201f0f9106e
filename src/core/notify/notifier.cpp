#include "core/notify/notifier.hpp"

#include "core/config/text.hpp"

namespace dcm::core::notify {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kCritical:
      return "critical";
    case Severity::kResolved:
      break;
  }
  return "resolved";
}

Result result_from_http(int status, std::string_view what, std::string_view detail,
                        std::optional<std::chrono::milliseconds> retry_after) {
  if (status >= 200 && status < 300) {
    return Result::ok();
  }
  std::string reason = std::string(what) + ": HTTP " + std::to_string(status);
  if (!detail.empty()) {
    reason += " (" + std::string(detail) + ")";
  }
  if (status == 429 || status >= 500 || status == 408) {
    return Result::retryable(std::move(reason), retry_after);
  }
  return Result::permanent(std::move(reason));
}

std::optional<std::chrono::milliseconds> parse_retry_after_seconds(std::string_view header) {
  auto seconds = config::parse_int<long>(config::trim(header));
  if (!seconds || *seconds < 0) {
    return std::nullopt;
  }
  return std::chrono::seconds(*seconds);
}

}  // namespace dcm::core::notify
