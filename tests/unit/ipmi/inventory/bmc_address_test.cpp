#include "ipmi/inventory/bmc_address.hpp"

#include <gtest/gtest.h>

#include "ipmi/inventory/field_error.hpp"

namespace dcm::ipmi::inventory {
namespace {

TEST(ParseBmcAddress, ReadsEveryForm) {
  const struct {
    std::string text;
    std::string host;
    int port;
    bool is_url;
  } cases[] = {
      {"10.0.0.11", "10.0.0.11", 0, false},
      {"10.0.0.11:6230", "10.0.0.11", 6230, false},
      {"bmc-01.dc.example", "bmc-01.dc.example", 0, false},
      {"bmc-01.dc.example.", "bmc-01.dc.example.", 0, false},
      {"bmc_01:623", "bmc_01", 623, false},
      {"fd00::11", "fd00::11", 0, false},
      {"::1", "::1", 0, false},
      {"[fd00::11]", "fd00::11", 0, false},
      {"[fd00::11]:623", "fd00::11", 623, false},
      {"[fe80::1%eth0]:623", "fe80::1%eth0", 623, false},
      {"https://10.0.0.11", "10.0.0.11", 0, true},
      {"HTTPS://10.0.0.11:8443/", "10.0.0.11", 8443, true},
      {"https://[fd00::11]:8443", "fd00::11", 8443, true},
      {"https://idrac.example/redfish/v1", "idrac.example", 0, true},
      {"https://idrac.example/redfish/v1/", "idrac.example", 0, true},
  };
  for (const auto& c : cases) {
    const auto address = parse_bmc_address(c.text);
    EXPECT_EQ(address.host, c.host) << c.text;
    EXPECT_EQ(address.port, c.port) << c.text;
    EXPECT_EQ(address.is_url, c.is_url) << c.text;
  }
}

TEST(ParseBmcAddress, ExplainsWhatIsWrong) {
  const struct {
    std::string text, error;
  } cases[] = {
      {"", "empty (expected host, host:port, [v6]:port or https://host[:port])"},
      {" 10.0.0.1", "leading or trailing spaces in ' 10.0.0.1'"},
      {"10.0.0.1:", "invalid port '' (expected 1 to 65535)"},
      {"10.0.0.1:0", "invalid port '0' (expected 1 to 65535)"},
      {"10.0.0.1:65536", "invalid port '65536' (expected 1 to 65535)"},
      {"10.0.0.1:https", "invalid port 'https' (expected 1 to 65535)"},
      {":623", "no host (expected host, host:port, [v6]:port or https://host[:port])"},
      {"10.0.0", "invalid host '10.0.0' (expected an IPv4 or IPv6 address or a host name)"},
      {"256.1.1.1", "invalid host '256.1.1.1' (expected an IPv4 or IPv6 address or a host name)"},
      {"bmc 01", "invalid host 'bmc 01' (expected an IPv4 or IPv6 address or a host name)"},
      {"-bmc", "invalid host '-bmc' (expected an IPv4 or IPv6 address or a host name)"},
      {"bmc..example", "invalid host 'bmc..example' (expected an IPv4 or IPv6 address or a host name)"},
      {"fd00::zz", "invalid IPv6 address 'fd00::zz' (write [v6]:port to give a port)"},
      {"[fd00::11",
       "missing ']' after the IPv6 address (expected host, host:port, [v6]:port or https://host[:port])"},
      {"[10.0.0.1]:623", "invalid IPv6 address '10.0.0.1'"},
      {"[fd00::11]623",
       "unexpected '623' after ']' (expected host, host:port, [v6]:port or https://host[:port])"},
      {"http://10.0.0.1", "http:// is not accepted: Redfish needs TLS (write https://host[:port])"},
      {"ftp://10.0.0.1",
       "unknown scheme 'ftp://' (expected host, host:port, [v6]:port or https://host[:port])"},
      {"https://", "no host (expected host, host:port, [v6]:port or https://host[:port])"},
      {"https://u:p@10.0.0.1", "credentials do not belong in the URL (use user and password)"},
      {"https://10.0.0.1/x", "unexpected path '/x' (expected https://host[:port]; /redfish/v1 is implied)"},
      {"https://10.0.0.1?a=b",
       "unexpected path '?a=b' (expected https://host[:port]; /redfish/v1 is implied)"},
  };
  for (const auto& c : cases) {
    try {
      parse_bmc_address(c.text);
      ADD_FAILURE() << "'" << c.text << "' was accepted";
    } catch (const FieldError& e) {
      EXPECT_EQ(e.what(), c.error) << c.text;
    }
  }
}

TEST(IsValidHost, AcceptsAddressesAndNamesOnly) {
  EXPECT_TRUE(is_valid_host("192.0.2.1"));
  EXPECT_TRUE(is_valid_host("2001:db8::1"));
  EXPECT_TRUE(is_valid_host("gpu-01.example"));
  EXPECT_FALSE(is_valid_host(""));
  EXPECT_FALSE(is_valid_host("gpu-01:22"));
  EXPECT_FALSE(is_valid_host(std::string(64, 'a') + ".example"));
  EXPECT_EQ(bracketed("fd00::1"), "[fd00::1]");
  EXPECT_EQ(bracketed("10.0.0.1"), "10.0.0.1");
}

}  // namespace
}  // namespace dcm::ipmi::inventory
