#include "ipmi/bmc/ipmi_session.hpp"

#include <algorithm>

#include <freeipmi/freeipmi.h>

namespace dcm::ipmi::bmc {
namespace {

// ipmi_sim and most BMCs accept this one; it is the suite to probe when another one fails oddly.
constexpr int kCommonCipherSuite = 3;

std::uint8_t freeipmi_privilege(Privilege privilege) {
  switch (privilege) {
    case Privilege::kUser:
      return IPMI_PRIVILEGE_LEVEL_USER;
    case Privilege::kOperator:
      return IPMI_PRIVILEGE_LEVEL_OPERATOR;
    case Privilege::kAdmin:
      break;
  }
  return IPMI_PRIVILEGE_LEVEL_ADMIN;
}

// Failures after which the session is still good: the BMC answered, it just said no.
bool session_survives(IpmiFailure failure) {
  return failure == IpmiFailure::kCompletionCode || failure == IpmiFailure::kCommandUnsupported ||
         failure == IpmiFailure::kPrivilegeInsufficient;
}

}  // namespace

std::chrono::milliseconds retransmission_interval(std::chrono::milliseconds timeout) {
  return std::clamp(timeout / 5, std::chrono::milliseconds(100), std::chrono::milliseconds(1000));
}

FiidObject::FiidObject(fiid_field* tmpl) : obj_(fiid_obj_create(tmpl)) {
  if (obj_ == nullptr) {
    throw BmcError(BmcError::Kind::kProtocol, "out of memory creating an IPMI message");
  }
}

FiidObject::~FiidObject() {
  fiid_obj_destroy(obj_);
}

std::optional<std::uint64_t> FiidObject::field(const char* name) const {
  std::uint64_t value = 0;
  if (fiid_obj_get(obj_, name, &value) != 1) {
    return std::nullopt;
  }
  return value;
}

std::string FiidObject::bytes(const char* name) const {
  std::string data(256, '\0');
  const int length = fiid_obj_get_data(obj_, name, data.data(), static_cast<unsigned>(data.size()));
  data.resize(length < 0 ? 0 : static_cast<std::size_t>(length));
  return data;
}

IpmiSession::IpmiSession(SessionSettings settings, const core::sys::Clock& clock)
    : settings_(std::move(settings)), clock_(clock) {
  settings_.timeout = std::max(settings_.timeout, std::chrono::milliseconds(200));
}

IpmiSession::~IpmiSession() {
  close();
}

void IpmiSession::close() {
  if (ctx_ != nullptr) {
    ipmi_ctx_destroy(ctx_);  // sends Close Session (one try, no retransmission) and frees the context
    ctx_ = nullptr;
  }
}

FailureContext IpmiSession::failure_context(std::string_view operation, std::string_view detail) const {
  return {operation,
          settings_.timeout,
          settings_.cipher_suite,
          settings_.privilege,
          settings_.user,
          settings_.host,
          detail};
}

ipmi_ctx_t IpmiSession::try_open(int cipher_suite, int& errnum) {
  ipmi_ctx_t ctx = ipmi_ctx_create();
  if (ctx == nullptr) {
    throw BmcError(BmcError::Kind::kConnection, "out of memory creating an IPMI context");
  }
  const auto timeout = static_cast<unsigned>(settings_.timeout.count());
  const auto retransmission = static_cast<unsigned>(retransmission_interval(settings_.timeout).count());
  if (ipmi_ctx_open_outofband_2_0(
          ctx, settings_.host.c_str(), settings_.user.empty() ? nullptr : settings_.user.c_str(),
          settings_.password.empty() ? nullptr : settings_.password.c_str(), nullptr, 0,
          freeipmi_privilege(settings_.privilege), static_cast<std::uint8_t>(cipher_suite), timeout,
          retransmission, settings_.workaround_flags, IPMI_FLAGS_DEFAULT) < 0) {
    errnum = ipmi_ctx_errnum(ctx);
    ipmi_ctx_destroy(ctx);
    return nullptr;
  }
  return ctx;
}

void IpmiSession::open() {
  int errnum = 0;
  ctx_ = try_open(settings_.cipher_suite, errnum);
  if (ctx_ != nullptr) {
    ++sessions_opened_;
    last_used_ = clock_.monotonic();
    return;
  }
  const IpmiFailure failure = failure_from_freeipmi(errnum);
  // A BMC that lacks a cipher suite should answer Open Session with "no matching cipher suite"; some
  // (ipmi_sim among them) send a truncated answer that FreeIPMI reports as an internal error. Telling the
  // operator "cipher suite 17 not supported" then needs proof: a session with the common suite 3 that works.
  if ((failure == IpmiFailure::kOther || failure == IpmiFailure::kBadRmcpPlusStatus) &&
      settings_.cipher_suite != kCommonCipherSuite) {
    int probe_errnum = 0;
    if (ipmi_ctx_t probe = try_open(kCommonCipherSuite, probe_errnum)) {
      ipmi_ctx_destroy(probe);
      throw BmcError(BmcError::Kind::kUnsupported, "cipher suite " + std::to_string(settings_.cipher_suite) +
                                                       " not supported (the BMC accepts cipher suite 3)");
    }
  }
  throw make_bmc_error(failure, failure_context("opening a session", ipmi_ctx_strerror(errnum)));
}

ipmi_ctx_t IpmiSession::context() {
  if (ctx_ != nullptr && clock_.monotonic() - last_used_ > settings_.idle_limit) {
    close();  // the BMC may have dropped it; a fresh one costs a few round trips, a stale one a timeout
  }
  if (ctx_ == nullptr) {
    open();
  }
  return ctx_;
}

std::optional<std::uint8_t> IpmiSession::run(std::string_view operation, const Command& command,
                                             const FiidObject& response) {
  ipmi_ctx_t ctx = context();
  if (command(ctx, response.get()) >= 0) {
    last_used_ = clock_.monotonic();
    return std::nullopt;
  }
  if (ipmi_ctx_errnum(ctx) == IPMI_ERR_BAD_COMPLETION_CODE) {
    if (auto code = response.field("comp_code")) {
      last_used_ = clock_.monotonic();
      return static_cast<std::uint8_t>(*code);
    }
  }
  fail(operation);
}

void IpmiSession::fail(std::string_view operation, std::string_view detail) {
  const int errnum = ctx_ != nullptr ? ipmi_ctx_errnum(ctx_) : IPMI_ERR_INTERNAL_ERROR;
  const IpmiFailure failure = failure_from_freeipmi(errnum);
  std::string message(detail.empty() ? std::string_view(ipmi_ctx_strerror(errnum)) : detail);
  BmcError error = make_bmc_error(failure, failure_context(operation, message));
  if (!session_survives(failure)) {
    close();
  } else {
    last_used_ = clock_.monotonic();
  }
  throw error;
}

}  // namespace dcm::ipmi::bmc
