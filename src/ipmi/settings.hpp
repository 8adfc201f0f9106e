// ipmi-monitor's own settings (--config, default /etc/ipmi-monitor/config.yaml): collection pacing,
// retention, web and /metrics access. Every key is optional with the documented default; unknown keys are
// errors. The BMC inventory is a separate file (--servers, servers.yaml).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "ipmi/alerts/alert_settings.hpp"
#include "ipmi/engine/scheduler.hpp"

namespace dcm::ipmi {

enum class MetricsAuth { kNone, kBearer, kBasic };

struct Settings {
  engine::EngineOptions collection;
  std::chrono::hours raw_retention{24};          // raw sensor history kept this long, then 5-minute rollups
  std::chrono::hours rollup_retention{24 * 30};  // rollups kept this long
  std::chrono::seconds event_count_refresh{30};  // how often the 24 h counts are recounted from the store
  std::vector<std::string> trusted_proxies{"127.0.0.1",
                                           "::1"};  // X-Forwarded-For is believed from these only
  MetricsAuth metrics_auth = MetricsAuth::kNone;
  std::filesystem::path metrics_token_file;  // bearer token or "user:password" for basic; read at start
  alerts::AlertSettings alerts;  // alerts:, notifiers:, maintenance: (docs/ipmi-monitor/alerts.md)
};

// Throws core::config::ConfigError ("config.yaml:LINE: collection.workers: ...").
// `env` may fill the Telegram notifier (TELEGRAM_TOKEN, TELEGRAM_CHAT_ID); token files are relative to the
// file's directory.
Settings parse_settings(std::string_view text, const std::string& file_name,
                        const alerts::AlertEnv& env = {});
// A missing file gives the defaults; an unreadable or invalid one is an error.
Settings load_settings(const std::filesystem::path& path, const alerts::AlertEnv& env = {});

}  // namespace dcm::ipmi
