// dc-exporter as a library: command line, start-up, the collection loop and the HTTP endpoint. main.cpp
// only forwards to run_main(); tests call parse_command_line() and run() directly.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <variant>

#include "core/cli/endpoint.hpp"
#include "core/log/logging.hpp"
#include "core/sys/shutdown_signal.hpp"
#include "exporter/collector_context.hpp"

namespace dcm::exporter {

inline constexpr int kDefaultPort = 9500;

struct ExporterOptions {
  std::filesystem::path config_path = "/etc/dc-exporter/config.ini";
  core::cli::Endpoint listen{"0.0.0.0", kDefaultPort};
  bool one_shot = false;
  std::filesystem::path sysfs_root = "/sys";
  std::filesystem::path procfs_root = "/proc";
  std::string nvml_library = "libnvidia-ml.so.1";
  IpmiTarget ipmi;
  spdlog::level::level_enum log_level = spdlog::level::info;
};

// "dc-exporter version 1.0.0 (built Jan 14 2026)"
std::string version_line();

// Returns the options, or the exit code when the command line was fully handled here (--help, --version,
// or an error already printed to err).
std::variant<ExporterOptions, int> parse_command_line(int argc, const char* const* argv, std::ostream& out,
                                                      std::ostream& err);

// Runs until `signal` reports SIGTERM/SIGINT (daemon), or collects once and prints (one-shot). Returns the
// process exit code. Configuration errors are printed to err as one line.
int run(const ExporterOptions& options, std::ostream& out, std::ostream& err,
        const core::sys::ShutdownSignal& signal);

int run_main(int argc, char** argv);

}  // namespace dcm::exporter
