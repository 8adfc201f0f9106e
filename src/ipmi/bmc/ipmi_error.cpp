#include "ipmi/bmc/ipmi_error.hpp"

#include <cstdio>

#include <freeipmi/freeipmi.h>
#include <ipmi_monitoring.h>

namespace dcm::ipmi::bmc {

IpmiFailure failure_from_freeipmi(int ipmi_errnum) {
  switch (ipmi_errnum) {
    case IPMI_ERR_SESSION_TIMEOUT:
    case IPMI_ERR_CONNECTION_TIMEOUT:
    case IPMI_ERR_MESSAGE_TIMEOUT:
      return IpmiFailure::kTimeout;
    case IPMI_ERR_USERNAME_INVALID:
      return IpmiFailure::kUsernameInvalid;
    case IPMI_ERR_PASSWORD_INVALID:
      return IpmiFailure::kPasswordInvalid;
    case IPMI_ERR_PASSWORD_VERIFICATION_TIMEOUT:
      return IpmiFailure::kPasswordVerificationTimeout;
    case IPMI_ERR_K_G_INVALID:
      return IpmiFailure::kKgInvalid;
    case IPMI_ERR_PRIVILEGE_LEVEL_INSUFFICIENT:
      return IpmiFailure::kPrivilegeInsufficient;
    case IPMI_ERR_PRIVILEGE_LEVEL_CANNOT_BE_OBTAINED:
      return IpmiFailure::kPrivilegeUnobtainable;
    case IPMI_ERR_AUTHENTICATION_TYPE_UNAVAILABLE:
      return IpmiFailure::kAuthenticationTypeUnavailable;
    case IPMI_ERR_IPMI_2_0_UNAVAILABLE:
      return IpmiFailure::kIpmi20Unavailable;
    case IPMI_ERR_CIPHER_SUITE_ID_UNAVAILABLE:
      return IpmiFailure::kCipherSuiteUnavailable;
    case IPMI_ERR_BMC_BUSY:
      return IpmiFailure::kBmcBusy;
    case IPMI_ERR_HOSTNAME_INVALID:
      return IpmiFailure::kHostnameInvalid;
    case IPMI_ERR_BAD_COMPLETION_CODE:
      return IpmiFailure::kCompletionCode;
    case IPMI_ERR_COMMAND_INVALID_OR_UNSUPPORTED:
    case IPMI_ERR_COMMAND_INVALID_FOR_SELECTED_INTERFACE:
      return IpmiFailure::kCommandUnsupported;
    case IPMI_ERR_BAD_RMCPPLUS_STATUS_CODE:
      return IpmiFailure::kBadRmcpPlusStatus;
    case IPMI_ERR_SYSTEM_ERROR:
      return IpmiFailure::kSystemError;
    default:
      return IpmiFailure::kOther;
  }
}

IpmiFailure failure_from_monitoring(int monitoring_errnum) {
  switch (monitoring_errnum) {
    case IPMI_MONITORING_ERR_CONNECTION_TIMEOUT:
    case IPMI_MONITORING_ERR_SESSION_TIMEOUT:
      return IpmiFailure::kTimeout;
    case IPMI_MONITORING_ERR_USERNAME_INVALID:
      return IpmiFailure::kUsernameInvalid;
    case IPMI_MONITORING_ERR_PASSWORD_INVALID:
      return IpmiFailure::kPasswordInvalid;
    case IPMI_MONITORING_ERR_PASSWORD_VERIFICATION_TIMEOUT:
      return IpmiFailure::kPasswordVerificationTimeout;
    case IPMI_MONITORING_ERR_K_G_INVALID:
      return IpmiFailure::kKgInvalid;
    case IPMI_MONITORING_ERR_PRIVILEGE_LEVEL_INSUFFICIENT:
      return IpmiFailure::kPrivilegeInsufficient;
    case IPMI_MONITORING_ERR_PRIVILEGEL_LEVEL_CANNOT_BE_OBTAINED:
      return IpmiFailure::kPrivilegeUnobtainable;
    case IPMI_MONITORING_ERR_AUTHENTICATION_TYPE_UNAVAILABLE:
      return IpmiFailure::kAuthenticationTypeUnavailable;
    case IPMI_MONITORING_ERR_IPMI_2_0_UNAVAILABLE:
      return IpmiFailure::kIpmi20Unavailable;
    case IPMI_MONITORING_ERR_CIPHER_SUITE_ID_UNAVAILABLE:
      return IpmiFailure::kCipherSuiteUnavailable;
    case IPMI_MONITORING_ERR_BMC_BUSY:
      return IpmiFailure::kBmcBusy;
    case IPMI_MONITORING_ERR_HOSTNAME_INVALID:
      return IpmiFailure::kHostnameInvalid;
    case IPMI_MONITORING_ERR_IPMI_ERROR:
      return IpmiFailure::kCompletionCode;
    case IPMI_MONITORING_ERR_SYSTEM_ERROR:
      return IpmiFailure::kSystemError;
    default:
      return IpmiFailure::kOther;
  }
}

std::string completion_code_text(std::uint8_t code) {
  const char* text = nullptr;
  switch (code) {
    case 0xC0:
      text = "node busy";
      break;
    case 0xC1:
      text = "invalid command";
      break;
    case 0xC2:
      text = "command invalid for this LUN";
      break;
    case 0xC3:
      text = "timeout while processing the command";
      break;
    case 0xC4:
      text = "out of space";
      break;
    case 0xC5:
      text = "reservation cancelled or invalid";
      break;
    case 0xC6:
      text = "request data truncated";
      break;
    case 0xC7:
      text = "request data length invalid";
      break;
    case 0xC8:
      text = "request data field length limit exceeded";
      break;
    case 0xC9:
      text = "parameter out of range";
      break;
    case 0xCA:
      text = "cannot return the requested number of bytes";
      break;
    case 0xCB:
      text = "requested sensor, data or record not present";
      break;
    case 0xCC:
      text = "invalid data field in request";
      break;
    case 0xCD:
      text = "command illegal for this sensor or record type";
      break;
    case 0xCE:
      text = "command response could not be provided";
      break;
    case 0xCF:
      text = "duplicated request";
      break;
    case 0xD0:
      text = "SDR repository in update mode";
      break;
    case 0xD1:
      text = "device in firmware update mode";
      break;
    case 0xD2:
      text = "BMC initialisation in progress";
      break;
    case 0xD3:
      text = "destination unavailable";
      break;
    case 0xD4:
      text = "insufficient privilege";
      break;
    case 0xD5:
      text = "not supported in the present state";
      break;
    case 0xD6:
      text = "sub-function disabled or unavailable";
      break;
    case 0xFF:
      text = "unspecified error";
      break;
    default:
      break;
  }
  char code_text[40];
  std::snprintf(code_text, sizeof code_text, "completion code 0x%02X", code);
  return text == nullptr ? std::string(code_text) : std::string(code_text) + " (" + text + ")";
}

BmcError completion_code_error(std::uint8_t code, const FailureContext& context) {
  const std::string operation(context.operation);
  if (code == 0xC1) {
    return {BmcError::Kind::kUnsupported,
            operation + " not supported by the BMC (" + completion_code_text(code) + ")"};
  }
  if (code == 0xD4) {
    return {BmcError::Kind::kAuthentication, operation + " not permitted at privilege " +
                                                 std::string(to_string(context.privilege)) + " for user \"" +
                                                 std::string(context.user) + "\""};
  }
  return {BmcError::Kind::kProtocol, operation + " failed: " + completion_code_text(code)};
}

namespace {

// `open` text `close`, built by appending (GCC 12 at -O2 warns, wrongly, about `"literal" + std::string`).
std::string wrap(std::string_view open, std::string_view text, std::string_view close) {
  std::string out;
  out.reserve(open.size() + text.size() + close.size());
  out.append(open).append(text).append(close);
  return out;
}

}  // namespace

BmcError make_bmc_error(IpmiFailure failure, const FailureContext& context) {
  using Kind = BmcError::Kind;
  const std::string user = wrap("\"", context.user, "\"");
  const std::string privilege(to_string(context.privilege));
  const std::string operation(context.operation);
  const std::string detail = context.detail.empty() ? std::string() : wrap(" (", context.detail, ")");
  switch (failure) {
    case IpmiFailure::kTimeout:
      return {Kind::kTimeout, "timeout after " + describe_duration(context.timeout) + " (" + operation + ")"};
    case IpmiFailure::kUsernameInvalid:
      return {Kind::kAuthentication, "authentication failed: the BMC does not know user " + user};
    case IpmiFailure::kPasswordInvalid:
      return {Kind::kAuthentication, "authentication failed: wrong password for user " + user};
    case IpmiFailure::kPasswordVerificationTimeout:
      return {Kind::kAuthentication, "authentication failed: wrong password for user " + user +
                                         " (no answer verified with it within " +
                                         describe_duration(context.timeout) + ")"};
    case IpmiFailure::kKgInvalid:
      return {Kind::kAuthentication, "authentication failed: wrong BMC key (K_g)"};
    case IpmiFailure::kPrivilegeInsufficient:
      return {Kind::kAuthentication,
              operation + " not permitted at privilege " + privilege + " for user " + user};
    case IpmiFailure::kPrivilegeUnobtainable:
      return {Kind::kAuthentication, "authentication failed: the BMC refused privilege " + privilege +
                                         " for user " + user +
                                         " (lower `privilege`, or try workaround flag opensesspriv)"};
    case IpmiFailure::kAuthenticationTypeUnavailable:
      return {Kind::kUnsupported, "authentication type not supported by the BMC"};
    case IpmiFailure::kIpmi20Unavailable:
      return {Kind::kUnsupported, "IPMI 2.0 (lanplus) not supported by the BMC"};
    case IpmiFailure::kCipherSuiteUnavailable:
      return {Kind::kUnsupported, "cipher suite " + std::to_string(context.cipher_suite) + " not supported"};
    case IpmiFailure::kBmcBusy:
      return {Kind::kConnection, "BMC busy: no free session or resources" + detail};
    case IpmiFailure::kHostnameInvalid:
      return {Kind::kConnection, "cannot resolve BMC host \"" + std::string(context.host) + "\""};
    case IpmiFailure::kCompletionCode:
      return {Kind::kProtocol, operation + " failed" + detail};
    case IpmiFailure::kCommandUnsupported:
      return {Kind::kUnsupported, operation + " not supported by the BMC" + detail};
    case IpmiFailure::kBadRmcpPlusStatus:
      return {Kind::kProtocol, "the BMC refused the session" + detail};
    case IpmiFailure::kSystemError:
      return {Kind::kConnection, operation + " failed: system error" + detail};
    case IpmiFailure::kOther:
      break;
  }
  return {Kind::kProtocol, operation + " failed" + detail};
}

}  // namespace dcm::ipmi::bmc
