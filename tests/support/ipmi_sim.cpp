#include "tests/support/ipmi_sim.hpp"

#include <csignal>
#include <stdexcept>

namespace dcm::test {
namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

std::string missing_ipmi_sim_tools() {
  std::string missing;
  for (const char* program : {"ipmi_sim", "ipmitool"}) {
    if (!have_program(program)) {
      missing += (missing.empty() ? "" : ", ") + std::string(program);
    }
  }
  if (missing.empty()) {
    return {};
  }
  return missing + " not found: run scripts/deps (Debian packages openipmi, ipmitool)";
}

IpmiSim::IpmiSim(const std::filesystem::path& fixture_dir) {
  std::string log;
  // The port was free a moment ago; another process may take it before ipmi_sim binds it, so try a few.
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (start(fixture_dir, log)) {
      return;
    }
  }
  throw std::runtime_error("ipmi_sim did not come up:\n" + log);
}

IpmiSim::~IpmiSim() {
  if (process_) {
    process_->stop(SIGTERM, std::chrono::seconds(2));
  }
}

bool IpmiSim::start(const std::filesystem::path& fixture_dir, std::string& log) {
  process_.reset();
  port_ = free_udp_port();
  auto conf = read_file(fixture_dir / "lan.conf.in");
  conf = replace_all(conf, "@PORT@", std::to_string(port_));
  conf = replace_all(conf, "@USER@", kIpmiSimUser);
  conf = replace_all(conf, "@PASSWORD@", kIpmiSimPassword);
  write_file(dir_ / "lan.conf", conf);
  const auto state = dir_ / ("state-" + std::to_string(port_));
  std::filesystem::create_directories(state);
  // -n: no console on stdin/stdout; -p: persist nothing (users, SDR, SEL stay as the files say).
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"ipmi_sim", "-c", (dir_ / "lan.conf").string(), "-f",
                               (fixture_dir / "bmc.emu").string(), "-s", state.string(), "-n", "-p"});
  // Readiness, not a timing assertion: poll until the BMC answers, giving up after about 30 s.
  for (int poll = 0; poll < 30; ++poll) {
    if (!process_->running()) {
      log +=
          "port " + std::to_string(port_) + ": ipmi_sim exited:\n" + process_->out() + process_->err() + "\n";
      return false;
    }
    auto answer = ipmitool({"-N", "1", "-R", "1", "mc", "info"});
    if (answer.exit_code == 0) {
      return true;
    }
    if (poll == 29) {
      log += "port " + std::to_string(port_) + ": no answer to ipmitool mc info: " + answer.err + "\n" +
             process_->out() + process_->err() + "\n";
    }
  }
  return false;
}

ProcessResult IpmiSim::ipmitool(const std::vector<std::string>& args) const {
  // -C 3: cipher suite 3 directly; ipmi_sim has no "Get Channel Cipher Suites", which costs ipmitool 10 s.
  std::vector<std::string> argv{
      "ipmitool",   "-I", "lanplus",       "-C", "3", "-H", "127.0.0.1", "-p", std::to_string(port_), "-U",
      kIpmiSimUser, "-P", kIpmiSimPassword};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

}  // namespace dcm::test
