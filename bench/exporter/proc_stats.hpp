// What the kernel has accounted to a process: CPU time from /proc/PID/stat (utime + stime, all threads,
// in clock ticks) and memory from /proc/PID/status (VmRSS now, VmHWM the peak). Parsers are pure; readers
// only fetch the text.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include <sys/types.h>

namespace dcm::bench {

struct CpuTicks {
  std::uint64_t user = 0;    // utime, field 14 of /proc/PID/stat
  std::uint64_t system = 0;  // stime, field 15
  std::uint64_t total() const { return user + system; }
};

struct MemoryUse {
  std::uint64_t rss_kib = 0;   // VmRSS
  std::uint64_t hwm_kib = 0;   // VmHWM, the peak resident set size
  std::uint64_t anon_kib = 0;  // RssAnon: the private part of VmRSS (heap, stacks, relocated data)
  std::uint64_t file_kib =
      0;  // RssFile: mapped files, mostly shared library pages shared with other processes
};

// Fields are counted after the last ')' so that a command name holding spaces or parentheses cannot shift
// them. nullopt when the text is not a stat line.
std::optional<CpuTicks> parse_proc_stat(std::string_view text);
// nullopt unless VmRSS and VmHWM are present; RssAnon and RssFile (Linux 4.5+) stay 0 when absent.
std::optional<MemoryUse> parse_proc_status(std::string_view text);

// The first field of /proc/PID/task/TID/schedstat: nanoseconds the thread has run. nullopt when not a number.
std::optional<std::uint64_t> parse_schedstat(std::string_view text);

// Throw std::runtime_error naming the file when it cannot be read or parsed (e.g. the process has exited).
CpuTicks read_cpu_ticks(pid_t pid);
MemoryUse read_memory_use(pid_t pid);

// Nanoseconds on CPU of the process's current threads (sum of their schedstat); finer than the 10 ms ticks
// of /proc/PID/stat, for short idle windows. nullopt where the kernel has no schedstat.
std::optional<std::chrono::nanoseconds> read_scheduled_cpu(pid_t pid);

// sysconf(_SC_CLK_TCK): the unit of utime and stime (100 on Linux, so one tick is 10 ms).
long ticks_per_second();

}  // namespace dcm::bench
