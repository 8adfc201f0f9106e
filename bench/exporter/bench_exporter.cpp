// bench_exporter: dc-exporter against Debian's prometheus-node-exporter on this machine, in one run.
// Each server is started on a free 127.0.0.1 port, waited for, warmed up, then scraped --scrapes times back
// to back over one keep-alive connection; latency is timed per scrape with steady_clock, the server's CPU
// comes from /proc/PID/stat (utime + stime) before and after, its memory from /proc/PID/status. The report
// (Markdown tables on stdout) is described in docs/performance.md. Exit code: 0 when every server was
// measured, whether or not the goals are met; 1 when a server could not be measured; 2 for a bad command
// line.
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <thread>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sys/utsname.h>

#include "bench/exporter/bench_inputs.hpp"
#include "bench/exporter/bench_options.hpp"
#include "bench/exporter/exposition_probe.hpp"
#include "bench/exporter/proc_stats.hpp"
#include "bench/exporter/report.hpp"
#include "bench/exporter/scrape_client.hpp"
#include "bench/exporter/server_process.hpp"
#include "core/config/text.hpp"

namespace dcm::bench {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

struct Target {
  std::string name;
  std::function<std::vector<std::string>(int port)> argv;
  std::map<std::string, std::string> env;
  bool is_dc_exporter = false;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string cpu_model() {
  const auto text = read_text("/proc/cpuinfo");
  for (auto line : core::config::split_lines(text)) {
    if (line.starts_with("model name")) {
      auto colon = line.find(':');
      return std::string(core::config::trim(line.substr(colon + 1)));
    }
  }
  return "unknown CPU";
}

std::string load_average() {
  const auto text = read_text("/proc/loadavg");
  auto fields = core::config::split_fields(text);
  return fields.size() >= 3 ? fmt::format("{} {} {}", fields[0], fields[1], fields[2]) : "?";
}

void print_machine(std::ostream& out) {
  utsname name{};
  ::uname(&name);
  out << fmt::format("- date: {:%Y-%m-%d %H:%M:%S} UTC\n", fmt::gmtime(std::time(nullptr)));
  out << fmt::format("- machine: {}, {} CPUs online, Linux {} {}; load average before: {}\n", cpu_model(),
                     std::thread::hardware_concurrency(), name.release, name.machine, load_average());
}

// Polls GET /metrics until it answers 200; for dc-exporter, until every collector has published once.
void wait_until_ready(ServerProcess& server, const Target& target, int port) {
  const auto deadline = steady_clock::now() + seconds(20);
  std::optional<std::string> body;
  while (steady_clock::now() < deadline) {
    if (!server.running()) {
      throw std::runtime_error(target.name + " exited during start-up:\n" + server.log_tail());
    }
    body = fetch_plain(port, "/metrics");
    if (body && (!target.is_dc_exporter || dc_exporter_first_round_done(*body))) {
      return;
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  if (body) {
    std::cerr << "bench_exporter: " << target.name
              << ": a collector has not published within 20 s; measuring the snapshot as it is\n";
    return;
  }
  throw std::runtime_error(target.name + " did not answer GET /metrics on 127.0.0.1:" + std::to_string(port) +
                           " within 20 s:\n" + server.log_tail());
}

// Milliseconds of CPU per second that the server spends while a client holds a keep-alive connection open
// and idle, as Prometheus does between scrapes: a fresh connection (so that no per-connection request limit
// has just closed it), one scrape, then `idle` of silence. Measured with schedstat; nullopt without it.
std::optional<double> idle_connection_cpu(int port, pid_t pid, const std::string& accept_encoding,
                                          seconds idle) {
  ScrapeClient client(port, accept_encoding);
  if (client.run(1).latencies.empty()) {
    return std::nullopt;
  }
  const auto before = read_scheduled_cpu(pid);
  std::this_thread::sleep_for(idle);
  const auto after = read_scheduled_cpu(pid);
  if (!before || !after) {
    return std::nullopt;
  }
  return std::chrono::duration<double, std::milli>(*after - *before).count() /
         static_cast<double>(idle.count());
}

Measurement measure(const Target& target, const BenchOptions& options, const fs::path& scratch) {
  const int port = free_loopback_port();
  const auto argv = target.argv(port);
  std::cerr << "bench_exporter: " << target.name << ": starting on 127.0.0.1:" << port << '\n';
  ServerProcess server(argv, target.env, scratch / (target.name + ".log"));
  wait_until_ready(server, target, port);

  Measurement m;
  m.server = target.name;
  for (const auto& arg : argv) {
    m.command += (m.command.empty() ? "" : " ") + arg;
  }
  m.ticks_per_second = ticks_per_second();

  ScrapeRun run;
  {
    // The client, and with it the keep-alive connection, is gone before the server is stopped: cpp-httplib's
    // server waits for an idle keep-alive connection to time out (5 s) before it exits.
    ScrapeClient client(port, options.accept_encoding);
    const auto warmup = client.run(options.warmup);
    if (warmup.failures > 0) {
      throw std::runtime_error(target.name + ": warm-up scrapes failed (" + warmup.last_error + ")");
    }
    const auto before = read_cpu_ticks(server.pid());
    const auto start = steady_clock::now();
    run = client.run(options.scrapes);
    const auto wall = std::chrono::duration<double>(steady_clock::now() - start).count();
    m.cpu_ticks = read_cpu_ticks(server.pid()).total() - before.total();
    m.memory = read_memory_use(server.pid());
    std::cerr << fmt::format("bench_exporter: {}: {} scrapes in {:.2f} s\n", target.name, options.scrapes,
                             wall);
  }
  if (options.idle_seconds > 0) {
    m.idle_ms_per_second =
        idle_connection_cpu(port, server.pid(), options.accept_encoding, seconds(options.idle_seconds))
            .value_or(-1.0);
  }
  // What the server serves now, uncompressed: its size, its collectors, and dc-exporter's collection time.
  if (auto body = fetch_plain(port, "/metrics")) {
    m.samples = count_samples(*body);
    m.body_bytes = body->size();
    m.collectors = collector_summary(
        *body, target.is_dc_exporter ? "dc_exporter_collector_success" : "node_scrape_collector_success");
    if (target.is_dc_exporter) {
      m.collection_seconds = sum_of_samples(*body, "dc_exporter_collector_duration_seconds");
    }
  }

  const int exit_code = server.stop(seconds(5));
  if (target.is_dc_exporter && exit_code != 0) {
    std::cerr << "bench_exporter: dc-exporter exited with " << exit_code << " on SIGTERM:\n"
              << server.log_tail();
  }
  if (run.latencies.empty()) {
    throw std::runtime_error(target.name + ": every scrape failed (" + run.last_error + ")");
  }
  if (run.failures > 0) {
    std::cerr << "bench_exporter: " << target.name << ": " << run.failures
              << " scrapes failed (last: " << run.last_error << ")\n";
  }
  m.scrapes = run.latencies.size();
  m.failures = run.failures;
  m.wire_bytes = run.wire_bytes;
  m.content_encoding = run.content_encoding;
  m.new_connections = run.connections;
  m.latency = summarise(std::move(run.latencies));
  return m;
}

int run_bench(const BenchOptions& options) {
  ScratchDir scratch;
  const auto inputs = prepare_exporter_inputs(options, scratch.path());
  auto& out = std::cout;

  out << "# bench_exporter: dc-exporter vs prometheus-node-exporter\n\n";
  print_machine(out);
  out << "- dc-exporter:   " << options.dc_exporter.string() << " ("
      << first_output_line({options.dc_exporter.string(), "--version"}, scratch.path() / "version.log")
      << ")\n";
  out << "- node_exporter: " << options.node_exporter.string() << " ("
      << first_output_line({options.node_exporter.string(), "--version"}, scratch.path() / "version.log")
      << ")\n";
  for (const auto& note : inputs.notes) {
    out << "- " << note << '\n';
  }
  out << fmt::format("- protocol: per server {} warm-up then {} measured scrapes, back to back, ",
                     options.warmup, options.scrapes)
      << "GET /metrics over one keep-alive connection (reopened only when the server closes it) with "
      << fmt::format("Accept-Encoding: {}; servers run one at a time on 127.0.0.1; ", options.accept_encoding)
      << fmt::format("CPU = utime+stime from /proc/PID/stat ({} ticks/s), ", ticks_per_second())
      << "memory from /proc/PID/status after the scrapes\n\n";
  out.flush();

  const std::vector<Target> targets{
      {"dc-exporter", [&](int port) { return dc_exporter_argv(options, inputs, port); }, inputs.env, true},
      {"node_exporter (default collectors)",
       [&](int port) { return node_exporter_argv(options, NodeCollectors::kDefault, port); },
       {},
       false},
      {"node_exporter (loadavg, meminfo, cpu)",
       [&](int port) { return node_exporter_argv(options, NodeCollectors::kLikeForLike, port); },
       {},
       false},
  };

  std::vector<Measurement> rows;
  for (const auto& target : targets) {
    rows.push_back(measure(target, options, scratch.path()));
  }

  out << "## Results\n\n";
  print_measurements(out, rows);
  out << "\nCollectors (each server's own *_collector_success):\n";
  for (const auto& m : rows) {
    out << "- " << m.server << ": " << m.collectors << '\n';
  }
  out << "\nCommands:\n";
  for (const auto& m : rows) {
    out << "- `" << m.command << "`\n";
  }
  out << "\n## Ratios\n\n";
  print_ratios(out, rows[0], std::span(rows).subspan(1));
  out << "\n## Between scrapes\n\n";
  print_between_scrapes(out, rows, options.idle_seconds);
  out << "\n## Goals\n\n";
  const bool met = print_goals(out, rows[0], rows[1], Goals{});
  out << fmt::format("\nAll goals {}. Load average after: {}\n", met ? "met" : "NOT met", load_average());
  return 0;
}

}  // namespace
}  // namespace dcm::bench

int main(int argc, char** argv) {
  auto parsed = dcm::bench::parse_bench_options(argc, argv);
  if (auto* code = std::get_if<int>(&parsed)) {
    return *code;
  }
  try {
    return dcm::bench::run_bench(std::get<dcm::bench::BenchOptions>(parsed));
  } catch (const std::exception& e) {
    std::cerr << "bench_exporter: " << e.what() << '\n';
    return 1;
  }
}
