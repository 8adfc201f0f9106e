// What went wrong talking IPMI, in words an operator can act on: FreeIPMI's error numbers (libfreeipmi's
// IPMI_ERR_* and libipmimonitoring's IPMI_MONITORING_ERR_*) become one list of failures, and each failure a
// BmcError of the right kind ("timeout after 5 s", "authentication failed: ...", "cipher suite 17 not
// supported"). Messages name the user, the privilege and the cipher suite, never the password.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "ipmi/bmc/bmc_client.hpp"
#include "ipmi/bmc/duration_text.hpp"
#include "ipmi/model.hpp"

namespace dcm::ipmi::bmc {

enum class IpmiFailure {
  kTimeout,                      // no (valid) answer within the session timeout
  kUsernameInvalid,              // the BMC does not know the user
  kPasswordInvalid,              // RAKP exchange says the password is wrong
  kPasswordVerificationTimeout,  // answers never verified with our password: a wrong password, in practice
  kKgInvalid,                    // wrong BMC key (K_g)
  kPrivilegeInsufficient,        // the session's privilege does not allow the command
  kPrivilegeUnobtainable,        // the BMC refused the requested session privilege
  kAuthenticationTypeUnavailable,
  kIpmi20Unavailable,  // no RMCP+ / lanplus
  kCipherSuiteUnavailable,
  kBmcBusy,          // out of sessions or resources
  kHostnameInvalid,  // cannot resolve the BMC's name
  kCompletionCode,   // the BMC answered the command with an error completion code
  kCommandUnsupported,
  kBadRmcpPlusStatus,  // the BMC refused the session set-up with an RMCP+ status code
  kSystemError,        // socket or other OS-level failure
  kOther,              // FreeIPMI internal errors, bad parameters, ...
};

IpmiFailure failure_from_freeipmi(int ipmi_errnum);
IpmiFailure failure_from_monitoring(int monitoring_errnum);

// The situation a failure happened in, for the message.
struct FailureContext {
  std::string_view operation;  // "opening a session", "Get SEL Entry", "reading sensors"
  std::chrono::milliseconds timeout{5000};
  int cipher_suite = 3;
  Privilege privilege = Privilege::kAdmin;
  std::string_view user;
  std::string_view host;
  std::string_view detail;  // FreeIPMI's own message or a completion code text; may be empty
};

BmcError make_bmc_error(IpmiFailure failure, const FailureContext& context);

// The generic IPMI completion codes (IPMI 2.0 table 5-2) in words: 0xC1 "invalid command", 0xD4
// "insufficient privilege", ...; "completion code 0x.." for others.
std::string completion_code_text(std::uint8_t code);

// A command the BMC answered with a non-zero completion code: unsupported for 0xC1 (invalid command),
// authentication for 0xD4 (insufficient privilege), protocol otherwise. "Get SEL Entry failed: completion
// code 0xC5 (reservation cancelled)".
BmcError completion_code_error(std::uint8_t code, const FailureContext& context);

}  // namespace dcm::ipmi::bmc
