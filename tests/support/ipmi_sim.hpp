// OpenIPMI's ipmi_sim as a real BMC for tests: IPMI 1.5/2.0 (lanplus) on a free UDP port of 127.0.0.1, its
// sensors and SDR from a fixture's .emu command file, a scratch state directory, nothing persisted.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {

// The BMC user that IpmiSim writes into its lan.conf.
inline constexpr const char* kIpmiSimUser = "dcmon";
inline constexpr const char* kIpmiSimPassword = "bmc-secret-42";

// Empty when ipmi_sim and ipmitool are installed; otherwise a message naming what is missing and saying to
// run scripts/deps. Tests FAIL with it: a missing simulator never skips silently.
std::string missing_ipmi_sim_tools();

class IpmiSim {
 public:
  // fixture_dir holds lan.conf.in (with @PORT@, @USER@, @PASSWORD@) and bmc.emu. Returns once ipmitool gets
  // an answer to `mc info` over lanplus. Throws std::runtime_error, with ipmi_sim's output, when it does not
  // come up.
  explicit IpmiSim(const std::filesystem::path& fixture_dir);
  ~IpmiSim();
  IpmiSim(const IpmiSim&) = delete;
  IpmiSim& operator=(const IpmiSim&) = delete;

  int port() const { return port_; }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  // `ipmitool -I lanplus -H 127.0.0.1 -p PORT -U user -P password <args>`.
  ProcessResult ipmitool(const std::vector<std::string>& args) const;

 private:
  bool start(const std::filesystem::path& fixture_dir, std::string& log);

  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace dcm::test
