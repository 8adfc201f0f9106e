// Where a BMC is, as servers.yaml and servers.csv write it:
//   host                 10.0.0.11, bmc-01.dc.example, fd00::11 (a bare IPv6 address has no port)
//   host:port            10.0.0.11:6230, bmc-01:623
//   [v6] or [v6]:port    [fd00::11]:623, [fe80::1%eth0]
//   https://host[:port]  Redfish only: https://10.0.0.11, https://[fd00::11]:8443 (an optional path
//                        "/" or "/redfish/v1" is dropped)
#pragma once

#include <string>
#include <string_view>

namespace dcm::ipmi::inventory {

struct BmcAddress {
  std::string host;  // IPv6 without brackets
  int port = 0;      // 0: not given
  bool is_url = false;
};

// Throws FieldError("", reason) with a reason such as "invalid port '99999' (expected 1 to 65535)".
BmcAddress parse_bmc_address(std::string_view text);

// An IPv4 address, an IPv6 address (without brackets, optionally with a %zone) or a DNS host name.
bool is_valid_host(std::string_view host);

// "host" or "[v6]", for URLs and host:port labels.
std::string bracketed(const std::string& host);

}  // namespace dcm::ipmi::inventory
