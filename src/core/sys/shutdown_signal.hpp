// SIGTERM/SIGINT handling without a global flag: block the signals in every thread (call before starting
// any), then wait for one with sigwait on the main thread.
#pragma once

namespace dcm::core::sys {

class ShutdownSignal {
 public:
  // Blocks SIGTERM, SIGINT and SIGHUP for this thread and every thread it creates later.
  ShutdownSignal();
  // Returns the signal that arrived (SIGHUP included, so a caller can reload and wait again).
  int wait() const;
};

}  // namespace dcm::core::sys
