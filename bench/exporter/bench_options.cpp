#include "bench/exporter/bench_options.hpp"

#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>

namespace dcm::bench {

std::variant<BenchOptions, int> parse_bench_options(int argc, const char* const* argv) {
  BenchOptions options;
  options.dc_exporter = std::filesystem::path(DCM_BENCH_BIN_DIR) / "dc-exporter";
  options.fixture = DCM_BENCH_FIXTURE;

  CLI::App app{
      "Scrapes dc-exporter (8-GPU fixture, every metric on) and Debian's prometheus-node-exporter "
      "(default collectors, then only loadavg, meminfo and cpu) on 127.0.0.1 and prints latency, CPU "
      "and memory side by side, with ratios and the goals of docs/performance.md.",
      "bench_exporter"};
  std::string nvml_lib;
  std::vector<std::string> env_entries;
  app.add_option("--dc-exporter", options.dc_exporter, "dc-exporter binary")->capture_default_str();
  app.add_option("--node-exporter", options.node_exporter, "node_exporter binary")->capture_default_str();
  app.add_option(
         "--fixture", options.fixture,
         "Fixture tree with sysfs/ and procfs/ (materialised first by dcm-fixture-tree when that tool "
         "is next to dc-exporter)")
      ->capture_default_str();
  app.add_option("--nvml-lib", nvml_lib,
                 "NVML library for dc-exporter (default: the NVML shim of this build tree when it is built, "
                 "else dc-exporter's own default)");
  app.add_option("--scrapes", options.scrapes, "Measured scrapes per server")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  app.add_option("--warmup", options.warmup, "Scrapes per server before measuring")->capture_default_str();
  app.add_option(
         "--idle-seconds", options.idle_seconds,
         "After the scrapes, hold the keep-alive connection idle this long and measure the server's CPU "
         "(Prometheus keeps its connection open between scrapes); 0 skips it")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{60}));
  app.add_option("--accept-encoding", options.accept_encoding,
                 "Accept-Encoding sent with each scrape (Prometheus sends gzip; 'identity' for none)")
      ->capture_default_str();
  app.add_option("--exporter-env", env_entries, "NAME=VALUE added to dc-exporter's environment (repeatable)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints the help, or the error and a hint
    return code == 0 ? 0 : 2;
  }
  for (const auto& entry : env_entries) {
    auto equals = entry.find('=');
    if (equals == std::string::npos || equals == 0) {
      std::cerr << "bench_exporter: --exporter-env: '" << entry << "' is not NAME=VALUE\n";
      return 2;
    }
    options.exporter_env[entry.substr(0, equals)] = entry.substr(equals + 1);
  }
  if (!nvml_lib.empty()) {
    options.nvml_lib = nvml_lib;
  }
  return options;
}

}  // namespace dcm::bench
