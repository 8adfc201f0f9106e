// Runs a program (looked up in PATH) to completion and returns its exit code and its stdout and stderr
// together, for `dc-overview check` to show promtool's own words.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace dcm::overview {

struct CommandResult {
  int exit_code = -1;  // 127 when the program is not found; 128+N when killed by signal N
  std::string output;
};

CommandResult run_command(const std::vector<std::string>& argv,
                          std::chrono::seconds limit = std::chrono::seconds(60));

// The full path of `program` in PATH, if it is there and executable.
std::optional<std::string> find_in_path(const std::string& program);

}  // namespace dcm::overview
