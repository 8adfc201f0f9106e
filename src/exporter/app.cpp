#include "exporter/app.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <malloc.h>
#include <unistd.h>

#include "core/build_info.hpp"
#include "core/config/config_error.hpp"
#include "core/config/text.hpp"
#include "core/http/precompressed.hpp"
#include "core/http/server.hpp"
#include "core/metrics/text_writer.hpp"
#include "exporter/collector_runner.hpp"
#include "exporter/collector_table.hpp"
#include "exporter/gpu/pci_discovery.hpp"
#include "exporter/snapshot_store.hpp"

namespace dcm::exporter {
namespace {

std::string resolve_hostname(const ExporterConfig& config, const core::sys::FsRoot& procfs) {
  if (config.machine_id != "auto") {
    return config.machine_id;
  }
  if (auto text = procfs.read("sys/kernel/hostname", 256)) {
    auto name = core::config::trim(text.data);
    if (!name.empty()) {
      return std::string(name);
    }
  }
  char buffer[256] = {};
  if (::gethostname(buffer, sizeof buffer - 1) == 0) {
    return buffer;
  }
  return "unknown";
}

core::metrics::MetricSet constant_metrics() {
  core::metrics::MetricSet set;
  set.add("dc_exporter_build_info", "dc-exporter version and build date; always 1.",
          core::metrics::MetricType::kGauge, {{"version", core::kVersion}, {"build_date", core::kBuildDate}},
          1);
  return set;
}

}  // namespace

std::string version_line() {
  return std::string("dc-exporter version ") + core::kVersion + " (built " + core::kBuildDate + ")";
}

std::variant<ExporterOptions, int> parse_command_line(int argc, const char* const* argv, std::ostream& out,
                                                      std::ostream& err) {
  ExporterOptions options;
  CLI::App app{
      "dc-exporter: GPU worker exporter (VRAM/hotspot temperatures, fans, throttling, PCIe AER, "
      "system and IPMI temperatures) in Prometheus format.",
      "dc-exporter"};
  bool show_version = false;
  std::string listen = options.listen.to_string();
  std::string log_level = "info";
  std::string ipmi_host;
  std::string ipmi_password_file;
  std::string data_dir;
  app.add_flag("-v,--version", show_version, "Print the version and build date, then exit");
  app.add_option("--config", options.config_path,
                 "config.ini (built-in defaults when the file does not exist)")
      ->capture_default_str();
  app.add_option("--listen", listen, "HOST:PORT to serve /metrics on")->capture_default_str();
  app.add_flag("--one-shot", options.one_shot, "Collect once, print the exposition to stdout and exit");
  app.add_option("--sysfs-root", options.sysfs_root, "Where sysfs is mounted")->capture_default_str();
  app.add_option("--procfs-root", options.procfs_root, "Where procfs is mounted")->capture_default_str();
  app.add_option("--nvml-lib", options.nvml_library, "NVML library to load with dlopen")
      ->capture_default_str();
  app.add_option("--ipmi-host", ipmi_host,
                 "Read IPMI temperatures from this BMC over LAN (HOST[:PORT], lanplus) instead of in-band "
                 "/dev/ipmi0; user from IPMI_USER, password from IPMI_PASS or --ipmi-password-file");
  app.add_option("--ipmi-password-file", ipmi_password_file, "File whose first line is the BMC password");
  app.add_option("--ipmi-device", options.ipmi.device, "In-band IPMI device (default: /dev/ipmi0)");
  app.add_option("--data-dir", data_dir,
                 "Accepted for uniformity with the other daemons; dc-exporter keeps no state");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e, out, err);
  }
  if (show_version) {
    out << version_line() << '\n';
    return 0;
  }
  try {
    options.listen = core::cli::parse_endpoint(listen);
  } catch (const std::invalid_argument& e) {
    err << "dc-exporter: --listen: " << e.what() << '\n';
    return 2;
  }
  auto level = core::log::parse_level(log_level);
  if (!level) {
    err << "dc-exporter: --log-level: unknown level '" << log_level
        << "' (expected trace, debug, info, warn, error)\n";
    return 2;
  }
  options.log_level = *level;
  if (!ipmi_host.empty()) {
    try {
      auto endpoint = core::cli::parse_endpoint(ipmi_host.find(':') == std::string::npos ? ipmi_host + ":623"
                                                                                         : ipmi_host);
      options.ipmi.host = endpoint.host;
      options.ipmi.port = endpoint.port;
    } catch (const std::invalid_argument& e) {
      err << "dc-exporter: --ipmi-host: " << e.what() << '\n';
      return 2;
    }
    if (const char* user = std::getenv("IPMI_USER")) {
      options.ipmi.user = user;
    }
    if (const char* password = std::getenv("IPMI_PASS")) {
      options.ipmi.password = password;
    }
    if (!ipmi_password_file.empty()) {
      std::ifstream in(ipmi_password_file);
      if (!in || !std::getline(in, options.ipmi.password)) {
        err << "dc-exporter: --ipmi-password-file: cannot read " << ipmi_password_file << '\n';
        return 2;
      }
    }
  }
  return options;
}

int run(const ExporterOptions& options, std::ostream& out, std::ostream& err,
        const core::sys::ShutdownSignal& signal) {
  auto logger = core::log::make_root_logger("dc-exporter", options.log_level);
  ExporterConfig config;
  try {
    config = load_config(options.config_path, logger);
  } catch (const core::config::ConfigError& e) {
    err << "dc-exporter: " << e.what() << '\n';
    return 1;
  }

  const core::sys::FsRoot sysfs(options.sysfs_root);
  const core::sys::FsRoot procfs(options.procfs_root);
  const core::sys::SystemClock clock;
  InventoryHolder inventory;
  const std::string hostname = resolve_hostname(config, procfs);
  inventory.set(std::make_shared<const gpu::GpuInventory>(gpu::discover_gpus(sysfs, procfs, hostname)));
  CollectorContext context{config,       sysfs, procfs, clock, inventory, hostname, options.nvml_library,
                           options.ipmi, logger};

  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config.effective_timeout());
  SnapshotStore store(clock, timeout, constant_metrics(), logger);
  CollectorRunner runner(make_collectors(context), store, clock,
                         std::chrono::duration_cast<std::chrono::milliseconds>(config.interval), logger);
  runner.start();

  if (options.one_shot) {
    runner.wait_first_round(timeout + std::chrono::milliseconds(100));
    out << store.render();
    out.flush();
    if (!runner.stop(std::chrono::milliseconds(500))) {
      // A collector is stuck in a driver call; its thread still uses objects on this stack.
      std::quick_exit(0);
    }
    return 0;
  }

  core::http::ServerOptions server_options;
  server_options.listen = options.listen;
  server_options.max_body_bytes = 4096;        // dc-exporter accepts no request bodies
  server_options.keep_alive_max_requests = 1;  // scraped every few seconds: no idle connections to poll
  server_options.logger = core::log::child(logger, "http");
  core::http::Server server(server_options);
  server.get("/metrics", [&store](const core::http::Request& request, core::http::Response& response) {
    core::http::respond(request, response, store.render_body(), core::metrics::kTextContentType);
  });
  server.get("/", [](const core::http::Request&, core::http::Response& response) {
    response.set_content(version_line() + "\nMetrics: /metrics\nHealth: /healthz\n",
                         "text/plain; charset=utf-8");
  });
  try {
    server.bind();
  } catch (const core::http::BindError& e) {
    err << "dc-exporter: --listen " << e.what() << '\n';
    runner.stop(std::chrono::milliseconds(500));
    return 1;
  }
  server.start();
  logger->info("{} serving {}/metrics ({} GPUs, {} usable, interval {}s)", version_line(), server.url(),
               inventory.get()->devices.size(), inventory.get()->usable_count(), config.interval.count());

  for (;;) {
    int received = signal.wait();
    if (received == SIGHUP) {
      logger->info("SIGHUP ignored: restart dc-exporter to apply a new config.ini");
      continue;
    }
    logger->info("signal {} received; stopping", received);
    break;
  }
  server.stop();
  if (!runner.stop(std::chrono::milliseconds(800))) {
    logger->flush();
    std::quick_exit(0);
  }
  return 0;
}

int run_main(int argc, char** argv) {
  // Keep freed memory for the next collection instead of returning it to the kernel each time: halves the
  // CPU per scrape (measured by bench/exporter) for at most a few MiB of address space.
  mallopt(M_TRIM_THRESHOLD, 4 << 20);
  core::sys::ShutdownSignal signal;  // before any thread exists, so every thread inherits the blocked mask
  auto parsed = parse_command_line(argc, argv, std::cout, std::cerr);
  if (auto* code = std::get_if<int>(&parsed)) {
    return *code;
  }
  return run(std::get<ExporterOptions>(parsed), std::cout, std::cerr, signal);
}

}  // namespace dcm::exporter
