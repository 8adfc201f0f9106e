// The inventory entry a test gives IpmiLanClient for one simulated BMC, and checks shared by the IPMI LAN
// integration tests.
#pragma once

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "ipmi/bmc/bmc_client.hpp"
#include "ipmi/model.hpp"
#include "tests/support/ipmi_sim_fleet.hpp"

namespace dcm::test {

// As servers.yaml would say for an ipmi_sim BMC: cipher suite 3 (ipmi_sim's), admin, opensesspriv.
inline ipmi::ServerConfig config_for(const SimulatedBmc& bmc,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  ipmi::ServerConfig config;
  config.name = "sim-" + bmc.case_name();
  config.bmc_host = bmc.host();
  config.bmc_port = bmc.port();
  config.user = kBmcUser;
  config.password = kBmcPassword;
  config.cipher_suite = 3;
  config.privilege = ipmi::Privilege::kAdmin;
  config.workaround_flags = {"opensesspriv"};
  config.timeout = timeout;
  return config;
}

// A BMC error must never carry the password, whatever went wrong.
inline void expect_no_password(const ipmi::bmc::BmcError& error) {
  EXPECT_EQ(std::string(error.what()).find(kBmcPassword), std::string::npos) << error.what();
}

// Runs `call`, which must throw BmcError; returns it (a default timeout error with a failure otherwise).
template <class Call>
ipmi::bmc::BmcError expect_bmc_error(Call&& call) {
  try {
    call();
  } catch (const ipmi::bmc::BmcError& error) {
    expect_no_password(error);
    return error;
  }
  ADD_FAILURE() << "expected a BmcError";
  return ipmi::bmc::BmcError(ipmi::bmc::BmcError::Kind::kProtocol, "no error");
}

}  // namespace dcm::test
