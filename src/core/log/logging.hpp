// Loggers write to stderr (journald adds its own timestamp, but plain runs and tests want one) and carry a
// component tag: "[collector=nvml]", "[http]". Loggers are objects handed to whoever logs; nothing is
// registered globally.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace dcm::core::log {

using Logger = std::shared_ptr<spdlog::logger>;

// Parses "trace|debug|info|warn|error|critical|off"; nullopt otherwise.
std::optional<spdlog::level::level_enum> parse_level(std::string_view name);

// A logger writing to stderr at `level`. Loggers made from the same root share its sink and level.
Logger make_root_logger(std::string_view program, spdlog::level::level_enum level);
Logger child(const Logger& root, std::string_view component);

// A logger that drops everything, for tests and library callers that do not care.
Logger null_logger();

}  // namespace dcm::core::log
