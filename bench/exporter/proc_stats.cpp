#include "bench/exporter/proc_stats.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "core/config/text.hpp"

namespace dcm::bench {
namespace {

std::string read_proc_file(pid_t pid, const char* name) {
  const std::string path = "/proc/" + std::to_string(pid) + "/" + name;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) {
    throw std::runtime_error(path + ": cannot be read (has the process exited?)");
  }
  return text.str();
}

// "VmRSS:\t    5120 kB" -> 5120
std::optional<std::uint64_t> parse_kib(std::string_view value) {
  auto fields = core::config::split_fields(core::config::trim(value));
  if (fields.size() != 2 || fields[1] != "kB") {
    return std::nullopt;
  }
  return core::config::parse_int<std::uint64_t>(fields[0]);
}

}  // namespace

std::optional<CpuTicks> parse_proc_stat(std::string_view text) {
  auto paren = text.rfind(')');
  if (paren == std::string_view::npos) {
    return std::nullopt;
  }
  // After "pid (comm)" come the fields from 3 (state) onwards: utime (14) is the 12th of them, stime the
  // 13th.
  auto fields = core::config::split_fields(core::config::trim(text.substr(paren + 1)));
  constexpr std::size_t kUtime = 14 - 3;
  constexpr std::size_t kStime = 15 - 3;
  if (fields.size() <= kStime) {
    return std::nullopt;
  }
  auto user = core::config::parse_int<std::uint64_t>(fields[kUtime]);
  auto system = core::config::parse_int<std::uint64_t>(fields[kStime]);
  if (!user || !system) {
    return std::nullopt;
  }
  return CpuTicks{*user, *system};
}

std::optional<MemoryUse> parse_proc_status(std::string_view text) {
  std::optional<std::uint64_t> rss;
  std::optional<std::uint64_t> hwm;
  std::optional<std::uint64_t> anon;
  std::optional<std::uint64_t> file;
  for (auto line : core::config::split_lines(text)) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    auto key = line.substr(0, colon);
    if (key == "VmRSS") {
      rss = parse_kib(line.substr(colon + 1));
    } else if (key == "VmHWM") {
      hwm = parse_kib(line.substr(colon + 1));
    } else if (key == "RssAnon") {
      anon = parse_kib(line.substr(colon + 1));
    } else if (key == "RssFile") {
      file = parse_kib(line.substr(colon + 1));
    }
  }
  if (!rss || !hwm) {
    return std::nullopt;
  }
  return MemoryUse{*rss, *hwm, anon.value_or(0), file.value_or(0)};
}

std::optional<std::uint64_t> parse_schedstat(std::string_view text) {
  auto fields = core::config::split_fields(core::config::trim(text));
  return fields.empty() ? std::nullopt : core::config::parse_int<std::uint64_t>(fields[0]);
}

std::optional<std::chrono::nanoseconds> read_scheduled_cpu(pid_t pid) {
  std::error_code ec;
  std::uint64_t total = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream in(task.path() / "schedstat");
    std::string text;
    std::getline(in, text);
    auto ns = parse_schedstat(text);
    if (!ns) {
      return std::nullopt;
    }
    total += *ns;
  }
  if (ec) {
    return std::nullopt;
  }
  return std::chrono::nanoseconds(total);
}

CpuTicks read_cpu_ticks(pid_t pid) {
  auto ticks = parse_proc_stat(read_proc_file(pid, "stat"));
  if (!ticks) {
    throw std::runtime_error("/proc/" + std::to_string(pid) + "/stat: no utime/stime fields");
  }
  return *ticks;
}

MemoryUse read_memory_use(pid_t pid) {
  auto memory = parse_proc_status(read_proc_file(pid, "status"));
  if (!memory) {
    throw std::runtime_error("/proc/" + std::to_string(pid) + "/status: no VmRSS/VmHWM lines");
  }
  return *memory;
}

long ticks_per_second() {
  return ::sysconf(_SC_CLK_TCK);
}

}  // namespace dcm::bench
