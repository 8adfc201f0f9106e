// One IPMI 2.0 (RMCP+, "lanplus") session to one BMC through libfreeipmi, opened on first use and kept for
// the next calls while it is fresh: a BMC drops idle sessions (the spec suggests 60 s), and a command sent
// on a session the BMC has forgotten waits a whole timeout, so a session idle longer than `idle_limit` is
// closed and a new one opened. A command that times out or fails at the session level closes it too.
// Every request runs under the session timeout; retransmissions happen within it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/sys/clock.hpp"
#include "ipmi/bmc/bmc_client.hpp"
#include "ipmi/bmc/ipmi_error.hpp"
#include "ipmi/model.hpp"

// libfreeipmi's types, kept out of this header (the same typedefs as <freeipmi/freeipmi.h>).
struct ipmi_ctx;
struct fiid_obj;
struct fiid_field;
typedef struct ipmi_ctx* ipmi_ctx_t;
typedef struct fiid_obj* fiid_obj_t;

namespace dcm::ipmi::bmc {

struct SessionSettings {
  std::string host;  // "host", "host:port" or "[v6]:port", as FreeIPMI takes it
  std::string user;
  std::string password;
  Privilege privilege = Privilege::kAdmin;
  int cipher_suite = 3;
  unsigned workaround_flags = 0;  // IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_*
  std::chrono::milliseconds timeout{5000};
  std::chrono::milliseconds idle_limit{20000};
};

// The retransmission interval FreeIPMI uses within `timeout`: a fifth of it, between 100 ms and 1 s.
std::chrono::milliseconds retransmission_interval(std::chrono::milliseconds timeout);

// A FreeIPMI response object (fiid_obj_create / fiid_obj_destroy).
class FiidObject {
 public:
  explicit FiidObject(fiid_field* tmpl);
  ~FiidObject();
  FiidObject(const FiidObject&) = delete;
  FiidObject& operator=(const FiidObject&) = delete;
  fiid_obj_t get() const { return obj_; }
  // The value of an integer field; nullopt when the BMC's answer did not include it.
  std::optional<std::uint64_t> field(const char* name) const;
  // A byte-array field's bytes (e.g. Get SEL Entry's record_data).
  std::string bytes(const char* name) const;

 private:
  fiid_obj_t obj_;
};

class IpmiSession {
 public:
  IpmiSession(SessionSettings settings, const core::sys::Clock& clock);
  ~IpmiSession();
  IpmiSession(const IpmiSession&) = delete;
  IpmiSession& operator=(const IpmiSession&) = delete;

  using Command = std::function<int(ipmi_ctx_t, fiid_obj_t)>;

  // Sends one command on the session (opening it first when needed). Returns nullopt when the BMC
  // answered with completion code 0, the completion code when it answered with another one (the caller
  // decides: "record not present" is news, not an error). Throws BmcError for everything else.
  std::optional<std::uint8_t> run(std::string_view operation, const Command& command,
                                  const FiidObject& response);

  // The open context, opening a session first when needed (for libfreeipmi APIs that take the context
  // themselves, such as the SDR cache). Call `fail` when such an API reports an IPMI error.
  ipmi_ctx_t context();
  [[noreturn]] void fail(std::string_view operation, std::string_view detail = {});

  // Ends the session (Close Session, then drop it); the next call opens a new one.
  void close();
  bool is_open() const { return ctx_ != nullptr; }

  // Readable from any thread.
  std::uint64_t sessions_opened() const { return sessions_opened_.load(); }
  const SessionSettings& settings() const { return settings_; }
  FailureContext failure_context(std::string_view operation, std::string_view detail = {}) const;

 private:
  void open();
  ipmi_ctx_t try_open(int cipher_suite, int& errnum);

  SessionSettings settings_;
  const core::sys::Clock& clock_;
  ipmi_ctx_t ctx_ = nullptr;
  std::chrono::steady_clock::time_point last_used_{};
  std::atomic<std::uint64_t> sessions_opened_{0};
};

}  // namespace dcm::ipmi::bmc
