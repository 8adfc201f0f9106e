// Several simulated BMCs for ipmi-monitor tests: OpenIPMI's ipmi_sim instances on 127.0.0.1, each on its own
// UDP port with its own TCP console, built from a case directory of tests/fixtures/ipmi/bmcs (healthy,
// critical_events, wrong_password). Tests drive a simulator at run time through its console (sel_add,
// sensor_set_value, ...), stop it answering (pause) and check what our client reads against ipmitool.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {

// The account every simulated BMC gives the monitor (wrong_password's BMC expects another password).
inline constexpr const char* kBmcUser = "dcmon";
inline constexpr const char* kBmcPassword = "bmc-secret-42";
// A second account limited to USER privilege, with the same password on every case.
inline constexpr const char* kBmcViewer = "viewer";

class SimulatedBmc {
 public:
  // Starts ipmi_sim for tests/fixtures/ipmi/bmcs/<case_name> with its files under `work_dir`. Returns once
  // the BMC answers ipmitool; throws std::runtime_error with ipmi_sim's output when it does not come up.
  SimulatedBmc(std::string case_name, const std::filesystem::path& work_dir);
  ~SimulatedBmc();
  SimulatedBmc(const SimulatedBmc&) = delete;
  SimulatedBmc& operator=(const SimulatedBmc&) = delete;

  const std::string& case_name() const { return case_name_; }
  std::string host() const { return "127.0.0.1"; }
  int port() const { return port_; }
  int console_port() const { return console_port_; }

  // `ipmitool -I lanplus -C 3 -H 127.0.0.1 -p PORT -U dcmon -P ... <args>`.
  ProcessResult ipmitool(const std::vector<std::string>& args) const;

  // Runs one ipmi_sim_cmd(5) command on the console and returns its output (the text between the echoed
  // command and the next prompt). Connects, reads the banner and prompt, sends, reads the answer, then
  // closes gently: ipmi_sim exits when a console client resets the connection. Throws std::runtime_error
  // when the console does not answer within 10 s.
  std::string console(const std::string& command);
  // `sel_add 0x20 <record type> <13 bytes>` on the console; returns the record id the simulator gave it.
  int add_sel_record(const std::string& record_type_and_bytes);

  // The chassis power the simulator's chassis_control helper holds: true on, false off.
  bool power_on() const;

  // SIGSTOP / SIGCONT: the process stays, its sockets stay bound, nothing answers until resumed.
  void pause();
  void resume();
  bool running();

 private:
  bool start(std::string& log);

  std::string case_name_;
  std::filesystem::path dir_;
  int port_ = 0;
  int console_port_ = 0;
  bool paused_ = false;
  std::unique_ptr<ChildProcess> process_;
};

class IpmiSimFleet {
 public:
  // One simulator per case name, in that order (a case may appear more than once).
  explicit IpmiSimFleet(const std::vector<std::string>& cases);

  SimulatedBmc& operator[](std::size_t index) { return *bmcs_.at(index); }
  std::size_t size() const { return bmcs_.size(); }

 private:
  TempDir dir_;
  std::vector<std::unique_ptr<SimulatedBmc>> bmcs_;
};

// A UDP "BMC" on 127.0.0.1 that answers every datagram with bytes that are not IPMI (a few patterns:
// random bytes, an RMCP header with a truncated body, an empty datagram). For "garbage in, no crash" tests.
class JunkUdpServer {
 public:
  JunkUdpServer();
  ~JunkUdpServer();
  JunkUdpServer(const JunkUdpServer&) = delete;
  JunkUdpServer& operator=(const JunkUdpServer&) = delete;

  int port() const { return port_; }
  std::size_t datagrams_answered() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
  int port_ = 0;
};

}  // namespace dcm::test
