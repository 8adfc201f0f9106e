#include "ipmi/settings.hpp"

#include <fstream>
#include <sstream>

#include "core/config/config_error.hpp"
#include "core/config/yaml_reader.hpp"

namespace dcm::ipmi {
namespace {

using core::config::YamlNode;

std::chrono::seconds seconds_of(const YamlNode& node, std::chrono::seconds minimum) {
  auto value = std::chrono::duration_cast<std::chrono::seconds>(node.as_duration());
  if (value < minimum) {
    node.fail("too short (at least " + std::to_string(minimum.count()) + "s)");
  }
  return value;
}

std::chrono::hours hours_of(const YamlNode& node) {
  auto value = std::chrono::duration_cast<std::chrono::hours>(node.as_duration());
  if (value.count() < 1) {
    node.fail("too short (at least 1h)");
  }
  return value;
}

}  // namespace

Settings parse_settings(std::string_view text, const std::string& file_name, const alerts::AlertEnv& env) {
  Settings settings;
  auto root = core::config::parse_yaml(text, file_name);
  settings.alerts = alerts::parse_alert_settings(root, env, std::filesystem::path(file_name).parent_path());
  if (!root.defined()) {
    return settings;  // an empty file: every default
  }
  root.allow_keys({"collection", "retention", "web", "metrics", "alerts", "notifiers", "maintenance"});
  if (auto collection = root.get("collection"); collection.defined()) {
    collection.allow_keys({"workers", "power_interval", "sensor_interval", "sel_interval", "max_backoff"});
    auto& c = settings.collection;
    if (auto n = collection.get("workers"); n.defined()) {
      c.workers = static_cast<std::size_t>(n.as_int(1, 1024));
    }
    if (auto n = collection.get("power_interval"); n.defined()) {
      c.power_interval = seconds_of(n, std::chrono::seconds(5));
    }
    if (auto n = collection.get("sensor_interval"); n.defined()) {
      c.sensor_interval = seconds_of(n, std::chrono::seconds(5));
    }
    if (auto n = collection.get("sel_interval"); n.defined()) {
      c.sel_interval = seconds_of(n, std::chrono::seconds(5));
    }
    if (auto n = collection.get("max_backoff"); n.defined()) {
      c.max_backoff = seconds_of(n, c.power_interval);
    }
  }
  if (auto retention = root.get("retention"); retention.defined()) {
    retention.allow_keys({"raw", "rollups"});
    if (auto n = retention.get("raw"); n.defined()) {
      settings.raw_retention = hours_of(n);
    }
    if (auto n = retention.get("rollups"); n.defined()) {
      settings.rollup_retention = hours_of(n);
      if (settings.rollup_retention < settings.raw_retention) {
        n.fail("shorter than retention.raw (rollups are made from raw samples that age out)");
      }
    }
  }
  if (auto web = root.get("web"); web.defined()) {
    web.allow_keys({"trusted_proxies"});
    if (auto n = web.get("trusted_proxies"); n.defined()) {
      settings.trusted_proxies = n.as_string_list();
    }
  }
  if (auto metrics = root.get("metrics"); metrics.defined()) {
    metrics.allow_keys({"auth", "token_file"});
    if (auto n = metrics.get("auth"); n.defined()) {
      auto mode = n.as_string();
      if (mode == "none") {
        settings.metrics_auth = MetricsAuth::kNone;
      } else if (mode == "bearer") {
        settings.metrics_auth = MetricsAuth::kBearer;
      } else if (mode == "basic") {
        settings.metrics_auth = MetricsAuth::kBasic;
      } else {
        n.fail("invalid value '" + mode + "' (expected none, bearer or basic)");
      }
    }
    if (auto n = metrics.get("token_file"); n.defined()) {
      settings.metrics_token_file = n.as_string();
    }
    if (settings.metrics_auth != MetricsAuth::kNone && settings.metrics_token_file.empty()) {
      metrics.fail("auth needs token_file (the bearer token, or user:password for basic)");
    }
  }
  return settings;
}

Settings load_settings(const std::filesystem::path& path, const alerts::AlertEnv& env) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return parse_settings("", path.string(), env);
  }
  std::ifstream in(path);
  if (!in) {
    throw core::config::ConfigError(path.string(), 0, "cannot be read (check its permissions)");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_settings(buffer.str(), path.string(), env);
}

}  // namespace dcm::ipmi
