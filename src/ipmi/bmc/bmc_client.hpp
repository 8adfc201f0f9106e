// One interface over every way of talking to a BMC (IPMI 2.0 over LAN through FreeIPMI, Redfish over
// HTTPS). A client is used by one collection job at a time; every call has a timeout; failures are thrown
// as BmcError with a human-readable reason ("timeout after 5 s", "authentication failed", "cipher suite 17
// not supported") that never contains the password.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "ipmi/model.hpp"

namespace dcm::ipmi::bmc {

class BmcError : public std::runtime_error {
 public:
  enum class Kind { kTimeout, kAuthentication, kUnsupported, kProtocol, kConnection };
  BmcError(Kind kind, const std::string& reason) : std::runtime_error(reason), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class BmcClient {
 public:
  virtual ~BmcClient() = default;

  // Establishes (or re-uses) a session and reads chassis power. A successful call is what makes
  // ipmi_server_reachable 1.
  virtual PowerStatus read_power() = 0;
  virtual std::vector<SensorReading> read_sensors() = 0;
  virtual SelInfo read_sel_info() = 0;
  // Records newer than `cursor`, oldest first. When the log was cleared or wrapped since (erase time moved,
  // or the cursor's record is gone or holds other bytes), returns every record, and the caller's store
  // deduplicates by record identity.
  virtual std::vector<SelEvent> read_sel(const SelCursor& cursor) = 0;
  // Chassis control: "on", "off", "cycle", "reset". Admin-only in the UI; audited by the caller.
  virtual void power_action(const std::string& action) = 0;
};

}  // namespace dcm::ipmi::bmc
