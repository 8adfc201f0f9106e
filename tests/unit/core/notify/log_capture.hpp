// A logger whose lines tests can read: for "logged once, not per retry" and "no secret in a log line".
#pragma once

#include <memory>
#include <mutex>
#include <sstream>
#include <string>

#include <spdlog/sinks/ostream_sink.h>

#include "core/log/logging.hpp"

namespace dcm::core::notify::testing {

class LogCapture {
 public:
  LogCapture()
      : sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_)),
        logger_(std::make_shared<spdlog::logger>("test", sink_)) {
    logger_->set_level(spdlog::level::trace);
  }
  const log::Logger& logger() const { return logger_; }
  std::string text() const {
    logger_->flush();
    std::lock_guard lock(mutex_);  // the sink locks its own writes; this guards reading the stream
    return stream_.str();
  }

 private:
  mutable std::mutex mutex_;
  std::ostringstream stream_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
  log::Logger logger_;
};

}  // namespace dcm::core::notify::testing
