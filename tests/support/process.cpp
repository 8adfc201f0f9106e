#include "tests/support/process.hpp"

#include <cstring>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/paths.hpp"

extern char** environ;

namespace dcm::test {
namespace {

struct Environment {
  std::vector<std::string> storage;
  std::vector<char*> pointers;
};

Environment make_environment(const std::map<std::string, std::string>& extra) {
  Environment env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    auto name = entry.substr(0, entry.find('='));
    if (!extra.contains(name)) {
      env.storage.push_back(std::move(entry));
    }
  }
  for (const auto& [name, value] : extra) {
    env.storage.push_back(name + "=" + value);
  }
  for (auto& entry : env.storage) {
    env.pointers.push_back(entry.data());
  }
  env.pointers.push_back(nullptr);
  return env;
}

std::vector<char*> make_argv(std::vector<std::string>& storage) {
  std::vector<char*> argv;
  for (auto& arg : storage) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  return argv;
}

int decode_status(int status) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return -1;
}

int bound_port(int type) {
  int fd = ::socket(AF_INET, type, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a free port");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv_in, const std::string& input,
                          const std::map<std::string, std::string>& env_extra, std::chrono::seconds limit) {
  TempDir scratch;
  const auto in_path = scratch / "stdin";
  const auto out_path = scratch / "stdout";
  const auto err_path = scratch / "stderr";
  write_file(in_path, input);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  auto storage = argv_in;
  auto argv = make_argv(storage);
  auto env = make_environment(env_extra);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), env.pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  ProcessResult result;
  if (rc != 0) {
    result.err = "cannot start " + argv_in[0] + ": " + std::strerror(rc);
    return result;
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  for (;;) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  result.exit_code = decode_status(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

bool have_program(const std::string& name) {
  return run_process({"sh", "-c", "command -v '" + name + "' >/dev/null"}).exit_code == 0;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv_in,
                           const std::map<std::string, std::string>& env_extra) {
  char pattern[] = "/tmp/dcm-child-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  out_path_ = std::filesystem::path(pattern) / "stdout";
  err_path_ = std::filesystem::path(pattern) / "stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  auto storage = argv_in;
  auto argv = make_argv(storage);
  auto env = make_environment(env_extra);
  int rc = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), env.pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + argv_in[0] + ": " + std::strerror(rc));
  }
}

ChildProcess::~ChildProcess() {
  if (running()) {
    if (!stop(SIGTERM, std::chrono::seconds(2))) {
      stop(SIGKILL, std::chrono::seconds(2));
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(out_path_.parent_path(), ec);
}

bool ChildProcess::running() {
  if (exit_code_) {
    return false;
  }
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    exit_code_ = decode_status(status);
    return false;
  }
  return true;
}

std::optional<int> ChildProcess::stop(int signal, std::chrono::milliseconds limit) {
  if (!running()) {
    return exit_code_;
  }
  ::kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) {
      return exit_code_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return std::nullopt;
}

std::string ChildProcess::out() const {
  return read_file(out_path_);
}
std::string ChildProcess::err() const {
  return read_file(err_path_);
}

int free_port() {
  return bound_port(SOCK_STREAM);
}
int free_udp_port() {
  return bound_port(SOCK_DGRAM);
}

std::optional<std::string> http_get(const std::string& host, int port, const std::string& path, int* status) {
  httplib::Client client(host, port);
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(10, 0);
  auto response = client.Get(path);
  if (!response) {
    return std::nullopt;
  }
  if (status != nullptr) {
    *status = response->status;
  }
  return response->body;
}

std::optional<std::string> wait_for_http(const std::string& host, int port, const std::string& path,
                                         std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    auto body = http_get(host, port, path, &status);
    if (body && status == 200) {
      return body;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

}  // namespace dcm::test
