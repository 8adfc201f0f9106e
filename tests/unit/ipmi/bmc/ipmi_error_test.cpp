#include "ipmi/bmc/ipmi_error.hpp"

#include <string>
#include <vector>

#include <freeipmi/freeipmi.h>
#include <gtest/gtest.h>
#include <ipmi_monitoring.h>

namespace dcm::ipmi::bmc {
namespace {

using namespace std::chrono_literals;
using Kind = BmcError::Kind;

FailureContext context(std::string_view operation = "opening a session") {
  FailureContext c;
  c.operation = operation;
  c.timeout = 5000ms;
  c.cipher_suite = 17;
  c.privilege = Privilege::kAdmin;
  c.user = "dcmon";
  c.host = "bmc-17.example:623";
  return c;
}

TEST(MakeBmcError, SaysWhatWentWrongInOperatorWords) {
  struct Case {
    IpmiFailure failure;
    Kind kind;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {IpmiFailure::kTimeout, Kind::kTimeout, "timeout after 5 s (opening a session)"},
           {IpmiFailure::kUsernameInvalid, Kind::kAuthentication,
            "authentication failed: the BMC does not know user \"dcmon\""},
           {IpmiFailure::kPasswordInvalid, Kind::kAuthentication,
            "authentication failed: wrong password for user \"dcmon\""},
           {IpmiFailure::kPasswordVerificationTimeout, Kind::kAuthentication,
            "authentication failed: wrong password for user \"dcmon\" (no answer verified with it within 5 "
            "s)"},
           {IpmiFailure::kKgInvalid, Kind::kAuthentication, "authentication failed: wrong BMC key (K_g)"},
           {IpmiFailure::kPrivilegeUnobtainable, Kind::kAuthentication,
            "authentication failed: the BMC refused privilege admin for user \"dcmon\" (lower `privilege`, "
            "or "
            "try workaround flag opensesspriv)"},
           {IpmiFailure::kCipherSuiteUnavailable, Kind::kUnsupported, "cipher suite 17 not supported"},
           {IpmiFailure::kIpmi20Unavailable, Kind::kUnsupported,
            "IPMI 2.0 (lanplus) not supported by the BMC"},
           {IpmiFailure::kHostnameInvalid, Kind::kConnection,
            "cannot resolve BMC host \"bmc-17.example:623\""},
           {IpmiFailure::kBmcBusy, Kind::kConnection, "BMC busy: no free session or resources"},
           {IpmiFailure::kBadRmcpPlusStatus, Kind::kProtocol, "the BMC refused the session"},
           {IpmiFailure::kOther, Kind::kProtocol, "opening a session failed"},
       }) {
    const BmcError error = make_bmc_error(c.failure, context());
    EXPECT_EQ(error.kind(), c.kind) << c.message;
    EXPECT_EQ(std::string(error.what()), c.message);
  }
}

TEST(MakeBmcError, NamesTheCommandAndAddsDetail) {
  auto c = context("Get SEL Entry");
  c.detail = "bad completion code";
  EXPECT_STREQ(make_bmc_error(IpmiFailure::kCompletionCode, c).what(),
               "Get SEL Entry failed (bad completion code)");
  c.privilege = Privilege::kUser;
  c.detail = {};
  EXPECT_STREQ(make_bmc_error(IpmiFailure::kPrivilegeInsufficient, c).what(),
               "Get SEL Entry not permitted at privilege user for user \"dcmon\"");
  c.timeout = 1500ms;
  EXPECT_STREQ(make_bmc_error(IpmiFailure::kTimeout, c).what(), "timeout after 1.5 s (Get SEL Entry)");
}

TEST(CompletionCodeError, SortsCodesIntoKinds) {
  auto c = context("DCMI Get Power Reading");
  const BmcError invalid = completion_code_error(0xC1, c);
  EXPECT_EQ(invalid.kind(), Kind::kUnsupported);
  EXPECT_STREQ(invalid.what(),
               "DCMI Get Power Reading not supported by the BMC (completion code 0xC1 (invalid command))");
  c.operation = "Chassis Control (power off)";
  c.privilege = Privilege::kUser;
  const BmcError privilege = completion_code_error(0xD4, c);
  EXPECT_EQ(privilege.kind(), Kind::kAuthentication);
  EXPECT_STREQ(privilege.what(),
               "Chassis Control (power off) not permitted at privilege user for user \"dcmon\"");
  c.operation = "Get SEL Entry";
  const BmcError other = completion_code_error(0xC5, c);
  EXPECT_EQ(other.kind(), Kind::kProtocol);
  EXPECT_STREQ(other.what(), "Get SEL Entry failed: completion code 0xC5 (reservation cancelled or invalid)");
}

TEST(CompletionCodeText, KnowsTheGenericCodes) {
  EXPECT_EQ(completion_code_text(0xCB),
            "completion code 0xCB (requested sensor, data or record not present)");
  EXPECT_EQ(completion_code_text(0xFF), "completion code 0xFF (unspecified error)");
  EXPECT_EQ(completion_code_text(0x80), "completion code 0x80");
}

TEST(DescribeDuration, ReadsLikeAPerson) {
  EXPECT_EQ(describe_duration(5000ms), "5 s");
  EXPECT_EQ(describe_duration(1500ms), "1.5 s");
  EXPECT_EQ(describe_duration(250ms), "250 ms");
  EXPECT_EQ(describe_duration(60000ms), "60 s");
}

TEST(FailureFrom, MapsBothLibrariesAlike) {
  EXPECT_EQ(failure_from_freeipmi(IPMI_ERR_SESSION_TIMEOUT), IpmiFailure::kTimeout);
  EXPECT_EQ(failure_from_freeipmi(IPMI_ERR_CONNECTION_TIMEOUT), IpmiFailure::kTimeout);
  EXPECT_EQ(failure_from_freeipmi(IPMI_ERR_PASSWORD_INVALID), IpmiFailure::kPasswordInvalid);
  EXPECT_EQ(failure_from_freeipmi(IPMI_ERR_PASSWORD_VERIFICATION_TIMEOUT),
            IpmiFailure::kPasswordVerificationTimeout);
  EXPECT_EQ(failure_from_freeipmi(IPMI_ERR_CIPHER_SUITE_ID_UNAVAILABLE),
            IpmiFailure::kCipherSuiteUnavailable);
  EXPECT_EQ(failure_from_freeipmi(IPMI_ERR_BAD_COMPLETION_CODE), IpmiFailure::kCompletionCode);
  EXPECT_EQ(failure_from_freeipmi(IPMI_ERR_INTERNAL_ERROR), IpmiFailure::kOther);
  EXPECT_EQ(failure_from_monitoring(IPMI_MONITORING_ERR_SESSION_TIMEOUT), IpmiFailure::kTimeout);
  EXPECT_EQ(failure_from_monitoring(IPMI_MONITORING_ERR_PASSWORD_VERIFICATION_TIMEOUT),
            IpmiFailure::kPasswordVerificationTimeout);
  EXPECT_EQ(failure_from_monitoring(IPMI_MONITORING_ERR_USERNAME_INVALID), IpmiFailure::kUsernameInvalid);
  EXPECT_EQ(failure_from_monitoring(IPMI_MONITORING_ERR_PRIVILEGEL_LEVEL_CANNOT_BE_OBTAINED),
            IpmiFailure::kPrivilegeUnobtainable);
  EXPECT_EQ(failure_from_monitoring(IPMI_MONITORING_ERR_INTERNAL_ERROR), IpmiFailure::kOther);
}

}  // namespace
}  // namespace dcm::ipmi::bmc
