#include "bench/exporter/server_process.hpp"

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace dcm::bench {
namespace {

int decode_status(int status) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return -1;
}

std::vector<std::string> environment_with(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text(*entry);
    if (!extra.contains(text.substr(0, text.find('=')))) {
      env.push_back(std::move(text));
    }
  }
  for (const auto& [name, value] : extra) {
    env.push_back(name + "=" + value);
  }
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) {
    out.push_back(s.data());
  }
  out.push_back(nullptr);
  return out;
}

}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> argv,
                             const std::map<std::string, std::string>& extra_env,
                             std::filesystem::path log_file)
    : argv_(std::move(argv)), log_file_(std::move(log_file)) {
  if (argv_.empty()) {
    throw std::invalid_argument("ServerProcess: empty argv");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  auto args = argv_;
  auto arg_pointers = pointers(args);
  auto env = environment_with(extra_env);
  auto env_pointers = pointers(env);
  int rc = ::posix_spawn(&pid_, arg_pointers[0], &actions, nullptr, arg_pointers.data(), env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + argv_[0] + ": " + std::strerror(rc));
  }
}

ServerProcess::~ServerProcess() {
  if (running()) {
    stop(std::chrono::seconds(2));
  }
}

bool ServerProcess::running() {
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

std::optional<int> ServerProcess::wait_exit(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return exit_code_;
}

int ServerProcess::stop(std::chrono::milliseconds grace) {
  if (!running()) {
    return *exit_code_;
  }
  ::kill(pid_, SIGTERM);
  if (auto code = wait_exit(grace)) {
    return *code;
  }
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  exit_code_ = decode_status(status);
  return *exit_code_;
}

std::string ServerProcess::log_tail(std::size_t max_bytes) const {
  std::ifstream in(log_file_);
  std::stringstream text;
  text << in.rdbuf();
  auto all = text.str();
  return all.size() > max_bytes ? "..." + all.substr(all.size() - max_bytes) : all;
}

std::string first_output_line(const std::vector<std::string>& argv, const std::filesystem::path& log_file) {
  try {
    ServerProcess process(argv, {}, log_file);
    auto code = process.wait_exit(std::chrono::seconds(10));
    auto text = process.log_tail();
    auto line = text.substr(0, text.find('\n'));
    if (!code) {
      return "(" + argv[0] + " did not exit within 10 s)";
    }
    return *code == 0 ? line : "(" + argv[0] + " exited with " + std::to_string(*code) + ": " + line + ")";
  } catch (const std::exception& e) {
    return std::string("(") + e.what() + ")";
  }
}

}  // namespace dcm::bench
