#include "tests/support/ipmi_sim_fleet.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <random>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dcm::test {
namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// Reads from `fd` into `buffer` until `done(buffer)` or EOF; false on EOF before done or on the deadline.
template <class Done>
bool read_until(int fd, std::string& buffer, std::chrono::steady_clock::time_point deadline, Done done) {
  while (!done(buffer)) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      return false;
    }
    char chunk[4096];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) {
      return done(buffer);
    }
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  return true;
}

// The console's answer without telnet negotiation bytes (IAC sequences) and carriage returns.
std::string clean_console_text(const std::string& raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c == 0xFF) {
      i += 2;  // IAC <verb> <option>
      continue;
    }
    if (c != '\r') {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

SimulatedBmc::SimulatedBmc(std::string case_name, const std::filesystem::path& work_dir)
    : case_name_(std::move(case_name)), dir_(work_dir) {
  std::filesystem::create_directories(dir_);
  std::string log;
  // The ports were free a moment ago; another process may take one before ipmi_sim binds it.
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (start(log)) {
      return;
    }
  }
  throw std::runtime_error("ipmi_sim (" + case_name_ + ") did not come up:\n" + log);
}

SimulatedBmc::~SimulatedBmc() {
  if (process_) {
    resume();
    process_->stop(SIGTERM, std::chrono::seconds(2));
  }
}

bool SimulatedBmc::start(std::string& log) {
  process_.reset();
  port_ = free_udp_port();
  console_port_ = free_port();
  const auto bmcs = fixture_path("ipmi/bmcs");
  const auto case_dir = bmcs / case_name_;
  const auto conf_template =
      std::filesystem::exists(case_dir / "lan.conf.in") ? case_dir / "lan.conf.in" : bmcs / "lan.conf.in";
  std::string conf = read_file(conf_template);
  const std::vector<std::pair<std::string, std::string>> values{
      {"@NAME@", case_name_},
      {"@ADDR@", host()},
      {"@PORT@", std::to_string(port_)},
      {"@CONSOLE_PORT@", std::to_string(console_port_)},
      {"@USER@", kBmcUser},
      {"@PASSWORD@", kBmcPassword},
      {"@CHASSIS_CONTROL@", (bmcs / "chassis_control").string()},
      {"@POWER_FILE@", (dir_ / "power").string()},
  };
  for (const auto& [name, value] : values) {
    conf = replace_all(conf, name, value);
  }
  write_file(dir_ / "lan.conf", conf);
  write_file(dir_ / "bmc.emu", replace_all(read_file(case_dir / "bmc.emu"), "@BMCS@", bmcs.string()));
  std::error_code ignored;
  std::filesystem::remove(dir_ / "power", ignored);
  const auto state = dir_ / "state";
  std::filesystem::create_directories(state);
  // -n: no console on stdin/stdout (the TCP console is configured in lan.conf); -p: persist nothing.
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"ipmi_sim", "-c", (dir_ / "lan.conf").string(), "-f",
                               (dir_ / "bmc.emu").string(), "-s", state.string(), "-n", "-p"});
  // Readiness, not a timing assertion: poll until the BMC answers (as the read-only viewer, whose password
  // every case keeps), giving up after about 30 tries.
  const std::string port = std::to_string(port_);
  for (int poll = 0; poll < 30; ++poll) {
    if (!process_->running()) {
      log += "port " + port + ": ipmi_sim exited:\n" + process_->out() + process_->err() + "\n";
      return false;
    }
    auto answer = run_process({"ipmitool", "-I", "lanplus", "-C",       "3",  "-H",         host(),
                               "-p",       port, "-U",      kBmcViewer, "-P", kBmcPassword, "-L",
                               "USER",     "-N", "1",       "-R",       "1",  "mc",         "info"});
    if (answer.exit_code == 0) {
      return true;
    }
    if (poll == 29) {
      log += "port " + port + ": no answer to ipmitool mc info: " + answer.err + "\n" + process_->out() +
             process_->err() + "\n";
    }
  }
  return false;
}

ProcessResult SimulatedBmc::ipmitool(const std::vector<std::string>& args) const {
  // -C 3: cipher suite 3 directly; ipmi_sim has no "Get Channel Cipher Suites", which costs ipmitool 10 s.
  std::vector<std::string> argv{
      "ipmitool", "-I",     "lanplus", "-C",        "3", "-H", host(), "-p", std::to_string(port_),
      "-U",       kBmcUser, "-P",      kBmcPassword};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

std::string SimulatedBmc::console(const std::string& command) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  Fd fd(::socket(AF_INET, SOCK_STREAM, 0));
  const sockaddr_in address = loopback(console_port_);
  if (fd.get() < 0 || ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("ipmi_sim console " + std::to_string(console_port_) + ": " +
                             std::strerror(errno));
  }
  // While a client talks to the BMC, ipmi_sim also writes session and message logs to its consoles, so the
  // prompt is not always the last thing read: look for it anywhere.
  std::string banner;
  if (!read_until(fd.get(), banner, deadline, [](const std::string& text) {
        return clean_console_text(text).find("> ") != std::string::npos;
      })) {
    throw std::runtime_error("ipmi_sim console: no prompt (got \"" + clean_console_text(banner) + "\")");
  }
  const std::string line = command + "\n";
  if (::send(fd.get(), line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size())) {
    throw std::runtime_error("ipmi_sim console: cannot send: " + std::string(std::strerror(errno)));
  }
  std::string answer;
  const bool answered = read_until(fd.get(), answer, deadline, [&command](const std::string& raw) {
    const auto text = clean_console_text(raw);
    const auto echo = text.find(command);
    const auto line_end = echo == std::string::npos ? std::string::npos : text.find('\n', echo);
    return line_end != std::string::npos && text.find("> ", line_end) != std::string::npos;
  });
  // Close gently: half-close, let ipmi_sim close its end, then close ours. A reset (close with unread data,
  // or SO_LINGER 0) makes ipmi_sim exit.
  ::shutdown(fd.get(), SHUT_WR);
  std::string rest;
  read_until(fd.get(), rest, std::chrono::steady_clock::now() + std::chrono::seconds(2),
             [](const std::string&) { return false; });
  if (!answered) {
    throw std::runtime_error("ipmi_sim console: no answer to \"" + command + "\" (got \"" +
                             clean_console_text(answer) + "\")");
  }
  std::string text = clean_console_text(answer);
  const auto start = text.find('\n', text.find(command)) + 1;  // after the echoed command
  return text.substr(start, text.find("> ", start) - start);   // up to the next prompt
}

int SimulatedBmc::add_sel_record(const std::string& record_type_and_bytes) {
  const std::string answer = console("sel_add 0x20 " + record_type_and_bytes);
  const auto at = answer.find("Added record ");
  if (at == std::string::npos) {
    throw std::runtime_error("ipmi_sim refused sel_add " + record_type_and_bytes + ": " + answer);
  }
  return std::stoi(answer.substr(at + std::strlen("Added record ")));
}

bool SimulatedBmc::power_on() const {
  const auto file = dir_ / "power";
  return !std::filesystem::exists(file) || read_file(file).starts_with("1");
}

void SimulatedBmc::pause() {
  if (process_ && !paused_) {
    ::kill(process_->pid(), SIGSTOP);
    paused_ = true;
  }
}

void SimulatedBmc::resume() {
  if (process_ && paused_) {
    ::kill(process_->pid(), SIGCONT);
    paused_ = false;
  }
}

bool SimulatedBmc::running() {
  return process_ && process_->running();
}

IpmiSimFleet::IpmiSimFleet(const std::vector<std::string>& cases) {
  for (std::size_t i = 0; i < cases.size(); ++i) {
    bmcs_.push_back(std::make_unique<SimulatedBmc>(cases[i], dir_ / (std::to_string(i) + "-" + cases[i])));
  }
}

struct JunkUdpServer::State {
  int fd = -1;
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> answered{0};
  std::thread thread;
};

JunkUdpServer::JunkUdpServer() : state_(std::make_unique<State>()) {
  state_->fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address = loopback(0);
  socklen_t length = sizeof address;
  if (state_->fd < 0 || ::bind(state_->fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(state_->fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("junk UDP server: " + std::string(std::strerror(errno)));
  }
  port_ = ntohs(address.sin_port);
  state_->thread = std::thread([state = state_.get()] {
    std::mt19937 random(42);
    std::size_t pattern = 0;
    while (!state->stop) {
      pollfd p{state->fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) {
        continue;
      }
      unsigned char request[1024];
      sockaddr_in peer{};
      socklen_t peer_length = sizeof peer;
      if (::recvfrom(state->fd, request, sizeof request, 0, reinterpret_cast<sockaddr*>(&peer),
                     &peer_length) < 0) {
        continue;
      }
      std::string reply;
      switch (pattern++ % 3) {
        case 0:  // random bytes
          for (int i = 0; i < 40; ++i) {
            reply.push_back(static_cast<char>(random() & 0xFF));
          }
          break;
        case 1:  // an RMCP + RMCP+ session header promising a payload that is not there
          reply = std::string("\x06\x00\xff\x07\x06\x11\x00\x00\x00\x00\x00\x00\x00\x00\x40\x00", 16);
          break;
        default:  // a single byte
          reply = "\x06";
          break;
      }
      ::sendto(state->fd, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&peer), peer_length);
      ++state->answered;
    }
  });
}

JunkUdpServer::~JunkUdpServer() {
  state_->stop = true;
  if (state_->thread.joinable()) {
    state_->thread.join();
  }
  if (state_->fd >= 0) {
    ::close(state_->fd);
  }
}

std::size_t JunkUdpServer::datagrams_answered() const {
  return state_->answered;
}

}  // namespace dcm::test
