// A program the benchmark starts and stops: spawned with posix_spawn, its stdout and stderr in one log file
// (shown when it fails to start), stopped with SIGTERM and, after a grace period, SIGKILL.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace dcm::bench {

class ServerProcess {
 public:
  // argv[0] is a path (not looked up in PATH). `extra_env` is added to this process's environment.
  // Throws std::runtime_error when the program cannot be started.
  ServerProcess(std::vector<std::string> argv, const std::map<std::string, std::string>& extra_env,
                std::filesystem::path log_file);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Waits up to `limit` for the program to exit by itself; returns its exit code (128+N for signal N).
  std::optional<int> wait_exit(std::chrono::milliseconds limit);
  // SIGTERM, then SIGKILL when it is still running after `grace`. Returns the exit code.
  int stop(std::chrono::milliseconds grace);
  // The last `max_bytes` of what the program wrote to stdout and stderr.
  std::string log_tail(std::size_t max_bytes = 2000) const;
  const std::vector<std::string>& argv() const { return argv_; }

 private:
  std::vector<std::string> argv_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

// Runs a short command (e.g. `prog --version`) to completion and returns its first output line, or an
// explanation when it failed.
std::string first_output_line(const std::vector<std::string>& argv, const std::filesystem::path& log_file);

}  // namespace dcm::bench
