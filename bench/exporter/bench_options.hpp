// bench_exporter's command line. Every path defaults to where this build tree and the source tree keep it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>

namespace dcm::bench {

struct BenchOptions {
  std::filesystem::path dc_exporter;  // default: <build>/bin/dc-exporter
  std::filesystem::path node_exporter = "/usr/bin/prometheus-node-exporter";
  std::filesystem::path fixture;        // default: <source>/tests/fixtures/exporter/eight_gpus
  std::optional<std::string> nvml_lib;  // only when given; bench_inputs picks the default
  std::size_t scrapes = 2000;
  std::size_t warmup = 100;
  std::size_t idle_seconds = 2;  // how long the keep-alive connection is held idle after the scrapes
  std::string accept_encoding = "gzip";
  std::map<std::string, std::string> exporter_env;  // extra environment for dc-exporter (e.g. for the shim)
};

// The options, or the exit code when the command line was fully handled (--help, or an error printed).
std::variant<BenchOptions, int> parse_bench_options(int argc, const char* const* argv);

}  // namespace dcm::bench
