// The one error type for configuration problems. what() reads "file:line: reason", the form operators and
// editors understand (redis-style): the daemon prints it as its one-line reason and exits non-zero.
#pragma once

#include <stdexcept>
#include <string>

namespace dcm::core::config {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, int line, std::string reason)
      : std::runtime_error(format(file, line, reason)),
        file_(std::move(file)),
        line_(line),
        reason_(std::move(reason)) {}

  const std::string& file() const { return file_; }
  // 1-based; 0 when the problem is with the file as a whole (unreadable, empty where content is required).
  int line() const { return line_; }
  const std::string& reason() const { return reason_; }

 private:
  static std::string format(const std::string& file, int line, const std::string& reason) {
    if (line > 0) {
      return file + ":" + std::to_string(line) + ": " + reason;
    }
    return file + ": " + reason;
  }

  std::string file_;
  int line_;
  std::string reason_;
};

}  // namespace dcm::core::config
