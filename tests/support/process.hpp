// Running real programs from tests: one-off commands (promtool, diff, ipmitool) and daemons that a test
// starts and stops (dc-exporter, prometheus, ipmi_sim).
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace dcm::test {

struct ProcessResult {
  int exit_code = -1;  // 128+N when killed by signal N
  std::string out;
  std::string err;
};

// Runs argv[0] (looked up in PATH) to completion, feeding `input` on stdin. Extra environment entries are
// added to the test's own environment. Killed after `limit`.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input = {},
                          const std::map<std::string, std::string>& env = {},
                          std::chrono::seconds limit = std::chrono::seconds(60));

bool have_program(const std::string& name);

// A background process whose stdout and stderr go to files in a scratch directory. Destroying it sends
// SIGTERM, then SIGKILL after two seconds.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends `signal` and waits up to `limit` for the exit; returns the exit code (128+N for a signal), or
  // nullopt when it is still running after `limit`.
  std::optional<int> stop(int signal, std::chrono::milliseconds limit);
  std::string out() const;
  std::string err() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::filesystem::path out_path_, err_path_;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bind to 0, read, close).
int free_port();
// A UDP port on 127.0.0.1 that was free a moment ago.
int free_udp_port();

// Polls until `url` answers 200 or `limit` passes. Returns the body, nullopt on timeout.
std::optional<std::string> wait_for_http(const std::string& host, int port, const std::string& path,
                                         std::chrono::milliseconds limit = std::chrono::seconds(20));
std::optional<std::string> http_get(const std::string& host, int port, const std::string& path,
                                    int* status = nullptr);

}  // namespace dcm::test
