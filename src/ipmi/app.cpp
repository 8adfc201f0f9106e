#include "ipmi/app.hpp"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <CLI/CLI.hpp>

#include "core/build_info.hpp"
#include "core/cli/endpoint.hpp"
#include "core/config/config_error.hpp"
#include "core/http/precompressed.hpp"
#include "core/http/server.hpp"
#include "core/metrics/text_writer.hpp"
#include "core/sched/periodic_task.hpp"
#include "core/secrets/secret_box.hpp"
#include "core/secrets/secret_error.hpp"
#include "core/secrets/secret_file.hpp"
#include "core/secrets/sodium.hpp"
#include "core/secrets/tokens.hpp"
#include "core/sys/shutdown_signal.hpp"
#include "ipmi/alerts/alert_engine.hpp"
#include "ipmi/alerts/notifiers.hpp"
#include "ipmi/client_factory.hpp"
#include "ipmi/engine/scheduler.hpp"
#include "ipmi/engine/store_sink.hpp"
#include "ipmi/inventory/servers_csv.hpp"
#include "ipmi/inventory/servers_yaml.hpp"
#include "ipmi/inventory_sync.hpp"
#include "ipmi/metrics_view.hpp"
#include "ipmi/settings.hpp"
#include "ipmi/store/sqlite_store.hpp"
#include "ipmi/web/routes.hpp"

namespace dcm::ipmi {
namespace {

struct Options {
  std::filesystem::path config = "/etc/ipmi-monitor/config.yaml";
  std::filesystem::path servers = "/etc/ipmi-monitor/servers.yaml";
  core::cli::Endpoint listen{"0.0.0.0", kDefaultPort};
  std::filesystem::path data_dir = "/var/lib/ipmi-monitor";
  spdlog::level::level_enum log_level = spdlog::level::info;
  std::optional<std::filesystem::path> backup_to;  // `ipmi-monitor backup FILE`
};

std::string version_line() {
  return std::string("ipmi-monitor version ") + core::kVersion + " (built " + core::kBuildDate + ")";
}

inventory::InventoryEnv inventory_env() {
  inventory::InventoryEnv env;
  if (const char* user = std::getenv("IPMI_USER")) {
    env.user = user;
  }
  if (const char* password = std::getenv("IPMI_PASS")) {
    env.password = password;
  }
  return env;
}

std::vector<ServerConfig> load_inventory_file(const std::filesystem::path& path,
                                              const core::log::Logger& logger) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    logger->info("{} not found: no servers from a file (servers added in the web UI are kept)",
                 path.string());
    return {};
  }
  if (path.extension() == ".csv") {
    std::ifstream in(path);
    if (!in) {
      throw core::config::ConfigError(path.string(), 0, "cannot be read (check its permissions)");
    }
    std::stringstream text;
    text << in.rdbuf();
    return inventory::parse_servers_csv(text.str(), path.string(), inventory_env());
  }
  return inventory::load_servers_yaml(path, inventory_env());
}

alerts::AlertEnv alert_env() {
  alerts::AlertEnv env;
  if (const char* token = std::getenv("TELEGRAM_TOKEN")) {
    env.telegram_token = token;
  }
  if (const char* chat = std::getenv("TELEGRAM_CHAT_ID")) {
    env.telegram_chat_id = chat;
  }
  return env;
}

// /metrics access as config.yaml's `metrics:` block says: open, a bearer token, or basic user:password.
std::function<bool(const core::http::Request&)> metrics_guard(const Settings& settings) {
  if (settings.metrics_auth == MetricsAuth::kNone) {
    return [](const core::http::Request&) { return true; };
  }
  const auto secret = core::secrets::read_secret_file(settings.metrics_token_file);
  const std::string expected = settings.metrics_auth == MetricsAuth::kBearer ? "Bearer " + secret : [&] {
    const auto* bytes = reinterpret_cast<const unsigned char*>(secret.data());
    return "Basic " + core::secrets::base64_encode({bytes, secret.size()}, core::secrets::Base64::kStandard);
  }();
  return [expected](const core::http::Request& request) {
    return core::secrets::constant_time_equals(request.get_header_value("Authorization"), expected);
  };
}

// The /metrics body, rebuilt only when the fleet changed since the last scrape.
class MetricsCache {
 public:
  explicit MetricsCache(const engine::FleetState& fleet) : fleet_(fleet) {}
  core::http::PrecompressedBody body() {
    std::lock_guard lock(mutex_);
    const auto version = fleet_.version();
    if (!body_.plain || version != version_) {
      body_ = core::http::PrecompressedBody::from(
          core::metrics::TextWriter::write(build_metrics(fleet_.snapshot())));
      version_ = version;
    }
    return body_;
  }

 private:
  const engine::FleetState& fleet_;
  std::mutex mutex_;
  std::uint64_t version_ = 0;
  core::http::PrecompressedBody body_;
};

int run_daemon(const Options& options, const core::sys::ShutdownSignal& signal) {
  auto logger = core::log::make_root_logger("ipmi-monitor", options.log_level);
  const core::sys::SystemClock clock;
  Settings settings;
  std::vector<ServerConfig> file_servers;
  try {
    settings = load_settings(options.config, alert_env());
    file_servers = load_inventory_file(options.servers, logger);
  } catch (const core::config::ConfigError& e) {
    std::cerr << "ipmi-monitor: " << e.what() << '\n';
    return 1;
  }

  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  std::unique_ptr<store::SqliteStore> store;
  std::optional<core::secrets::SecretBox> box;
  try {
    store::StoreOptions store_options;
    store_options.path = options.data_dir / store::kDatabaseFileName;
    store_options.retention.raw = settings.raw_retention;
    store_options.retention.rollups = settings.rollup_retention;
    store = store::SqliteStore::open(store_options, clock);
    box.emplace(core::secrets::SecretBox::from_key_file(options.data_dir / "secret.key"));
    auto report = sync_file_servers(*store, file_servers, *box, logger);
    logger->info("inventory {}: {} server(s) from the file, {} removed", options.servers.string(),
                 report.written, report.removed);
  } catch (const std::exception& e) {  // DatabaseError, SecretError: both name the file
    std::cerr << "ipmi-monitor: " << e.what() << '\n';
    return 1;
  }

  engine::FleetState fleet;
  // Alerts: evaluated on the collection path, notified from the store's outbox by delivery threads.
  alerts::AlertEngine alert_engine(settings.alerts, *store, clock, core::log::child(logger, "alerts"));
  const int notifiers = alerts::add_notifiers(alert_engine, settings.alerts);
  engine::StoreSink sink(*store, fleet, clock, core::log::child(logger, "engine"),
                         [&](const std::string& server, const std::vector<store::EventRecord>& events) {
                           alert_engine.on_new_events(server, events);
                         });
  sink.set_observers([&](const std::string& server, const PowerStatus& power,
                         TimePoint at) { alert_engine.on_power(server, power, at); },
                     [&](const std::string& server, const std::string& reason, TimePoint at) {
                       alert_engine.on_power_failure(server, reason, at);
                     },
                     [&](const std::string& server, const std::vector<SensorReading>& readings,
                         TimePoint at) { alert_engine.on_sensors(server, readings, at); });
  bmc::HttpMulti http;
  ClientFactoryContext factory_context{http, clock, options.data_dir / "sdr-cache",
                                       core::log::child(logger, "bmc")};
  engine::Scheduler scheduler(
      settings.collection, clock,
      [&factory_context](const ServerConfig& config) { return make_bmc_client(config, factory_context); },
      sink, core::log::child(logger, "engine"));
  auto inventory = load_collection_inventory(*store, *box, logger);
  fleet.set_inventory(inventory);
  alert_engine.set_inventory(inventory);
  scheduler.set_servers(inventory);

  // The 24 h counts move with time even when no event arrives, so they are recounted on a timer.
  core::sched::PeriodicTask counts("event-counts", settings.event_count_refresh, [&](std::stop_token) {
    try {
      const auto totals = store->all_events_totals();
      const auto counts_24h = store->all_event_counts(clock.now() - std::chrono::hours(24));
      for (const auto& view : fleet.snapshot()) {
        auto total = totals.find(view.name);
        auto counts_it = counts_24h.find(view.name);
        engine::EventCounts last_24h;
        if (counts_it != counts_24h.end()) {
          last_24h = {counts_it->second.info, counts_it->second.warning, counts_it->second.critical};
        }
        fleet.set_event_counts(view.name, total == totals.end() ? 0 : total->second, last_24h);
      }
    } catch (const std::exception& e) {
      logger->error("recounting events failed: {}", e.what());
    }
  });
  core::sched::PeriodicTask alert_timer("alerts", std::chrono::seconds(5),
                                        [&](std::stop_token) { alert_engine.tick(); });
  core::sched::PeriodicTask retention("retention", std::chrono::minutes(10), [&](std::stop_token) {
    try {
      store->enforce_retention(clock.now());
    } catch (const std::exception& e) {
      logger->error("retention job failed: {}", e.what());
    }
  });

  core::http::ServerOptions server_options;
  server_options.listen = options.listen;
  server_options.logger = core::log::child(logger, "http");
  core::http::Server server(server_options);
  MetricsCache metrics(fleet);
  std::function<bool(const core::http::Request&)> allow_metrics;
  try {
    allow_metrics = metrics_guard(settings);
  } catch (const std::exception& e) {
    std::cerr << "ipmi-monitor: metrics.token_file: " << e.what() << '\n';
    return 1;
  }
  server.get("/metrics", [&](const core::http::Request& request, core::http::Response& response) {
    if (!allow_metrics(request)) {
      response.status = 401;
      response.set_header("WWW-Authenticate", settings.metrics_auth == MetricsAuth::kBasic
                                                  ? "Basic realm=\"ipmi-monitor\""
                                                  : "Bearer realm=\"ipmi-monitor\"");
      response.set_content("authentication required\n", "text/plain; charset=utf-8");
      return;
    }
    core::http::respond(request, response, metrics.body(), core::metrics::kTextContentType);
  });
  try {
    const char* admin_pass = std::getenv("IPMI_MONITOR_ADMIN_PASS");
    web::register_routes(server,
                         {*store, fleet, clock, settings.trusted_proxies, options.data_dir / "secret.key",
                          core::log::child(logger, "web"), admin_pass ? admin_pass : ""});
  } catch (const std::exception& e) {
    std::cerr << "ipmi-monitor: web: " << e.what() << '\n';
    return 1;
  }
  try {
    server.bind();
  } catch (const core::http::BindError& e) {
    std::cerr << "ipmi-monitor: --listen " << e.what() << '\n';
    return 1;
  }
  server.start();
  alert_engine.start();
  scheduler.start();
  alert_timer.start();
  counts.start();
  retention.start();
  logger->info("{} serving {} ({} servers, {} workers, data in {})", version_line(), server.url(),
               inventory.size(), settings.collection.workers, options.data_dir.string());
  logger->info("alerts: {} rule(s), {} notifier(s), {} maintenance window(s)", settings.alerts.rules.size(),
               notifiers, settings.alerts.maintenance.size());

  for (;;) {
    int received = signal.wait();
    if (received == SIGHUP) {
      logger->info("SIGHUP ignored: restart ipmi-monitor to reload servers.yaml and config.yaml");
      continue;
    }
    logger->info("signal {} received; stopping", received);
    break;
  }
  server.stop();
  scheduler.stop();
  alert_timer.stop();
  alert_engine.stop();
  counts.stop();
  retention.stop();
  return 0;
}

int run_backup(const Options& options, const std::filesystem::path& destination) {
  const core::sys::SystemClock clock;
  try {
    store::StoreOptions store_options;
    store_options.path = options.data_dir / store::kDatabaseFileName;
    if (!std::filesystem::exists(store_options.path)) {
      std::cerr << "ipmi-monitor: backup: " << store_options.path.string()
                << " does not exist (check --data-dir)\n";
      return 1;
    }
    auto store = store::SqliteStore::open(store_options, clock);
    store->backup(destination);
  } catch (const std::exception& e) {
    std::cerr << "ipmi-monitor: backup: " << e.what() << '\n';
    return 1;
  }
  std::cout << "backup written to " << destination.string() << " (the key file "
            << (options.data_dir / "secret.key").string() << " is not in it: keep a copy of it too)\n";
  return 0;
}

}  // namespace

int run_main(int argc, char** argv) {
  core::sys::ShutdownSignal signal;  // before any thread exists
  Options options;
  CLI::App app{
      "ipmi-monitor: BMC fleet monitor (IPMI over LAN and Redfish): power, sensors, SEL events, alerts.",
      "ipmi-monitor"};
  bool show_version = false;
  std::string listen = options.listen.to_string();
  std::string log_level = "info";
  app.add_flag("-v,--version", show_version, "Print the version and build date, then exit");
  app.add_option("--config", options.config, "Daemon settings (config.yaml; defaults when missing)")
      ->capture_default_str();
  app.add_option("--servers", options.servers, "BMC inventory (servers.yaml or servers.csv)")
      ->capture_default_str();
  app.add_option("--listen", listen, "HOST:PORT for the web UI, API and /metrics")->capture_default_str();
  app.add_option("--data-dir", options.data_dir, "Database, key file and SDR caches")->capture_default_str();
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")->capture_default_str();
  std::filesystem::path backup_file;
  auto* backup =
      app.add_subcommand("backup", "Write a consistent copy of the database to FILE while running");
  backup->add_option("FILE", backup_file, "Destination file")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (show_version) {
    std::cout << version_line() << '\n';
    return 0;
  }
  auto level = core::log::parse_level(log_level);
  if (!level) {
    std::cerr << "ipmi-monitor: --log-level: unknown level '" << log_level << "'\n";
    return 2;
  }
  options.log_level = *level;
  try {
    options.listen = core::cli::parse_endpoint(listen);
  } catch (const std::invalid_argument& e) {
    std::cerr << "ipmi-monitor: --listen: " << e.what() << '\n';
    return 2;
  }
  if (backup->parsed()) {
    return run_backup(options, backup_file);
  }
  return run_daemon(options, signal);
}

}  // namespace dcm::ipmi
