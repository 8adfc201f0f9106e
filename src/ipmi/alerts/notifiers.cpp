#include "ipmi/alerts/notifiers.hpp"

#include "core/notify/telegram.hpp"
#include "core/notify/webhook.hpp"

namespace dcm::ipmi::alerts {

int add_notifiers(AlertEngine& engine, const AlertSettings& settings) {
  int count = 0;
  if (settings.telegram) {
    core::notify::TelegramOptions options;
    options.api_base_url = settings.telegram->api_url;
    options.token = settings.telegram->token;
    options.chat_id = settings.telegram->chat_id;
    core::notify::RetryPolicy policy;
    policy.min_interval = std::chrono::milliseconds(1'000);
    engine.add_notifier(std::make_unique<core::notify::TelegramNotifier>(options), policy);
    ++count;
  }
  if (settings.webhook) {
    core::notify::WebhookOptions options;
    options.url = settings.webhook->url;
    options.bearer_token = settings.webhook->bearer_token;
    options.sender = "ipmi-monitor";
    engine.add_notifier(std::make_unique<core::notify::WebhookNotifier>(options),
                        core::notify::RetryPolicy{});
    ++count;
  }
  return count;
}

}  // namespace dcm::ipmi::alerts
