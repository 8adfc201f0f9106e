// Turns measured scrapes into figures (nearest-rank percentiles, CPU per 1,000 scrapes) and prints them as
// Markdown tables: one row per server, the ratios of each node_exporter variant to dc-exporter, and the
// goals.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "bench/exporter/proc_stats.hpp"

namespace dcm::bench {

struct LatencySummary {
  double p50_ms = 0;
  double p99_ms = 0;
  double mean_ms = 0;
  double max_ms = 0;
};

// Nearest-rank percentiles: p50 is the sorted latency at rank ceil(0.50 * n).
LatencySummary summarise(std::vector<std::chrono::nanoseconds> latencies);

struct Measurement {
  std::string server;
  std::string command;      // how the server was started
  std::size_t scrapes = 0;  // measured scrapes that answered 200
  std::size_t failures = 0;
  std::size_t samples = 0;     // sample lines in one uncompressed answer
  std::size_t body_bytes = 0;  // one uncompressed answer
  std::size_t wire_bytes = 0;  // one answer as sent with the benchmark's Accept-Encoding
  std::string content_encoding;
  LatencySummary latency;
  std::uint64_t cpu_ticks = 0;  // utime + stime of the server over the measured scrapes
  long ticks_per_second = 100;
  MemoryUse memory;  // after the measured scrapes
  std::size_t new_connections = 0;
  std::string collectors;  // the server's own collector success summary
  // dc-exporter only: one collection round (sum of dc_exporter_collector_duration_seconds, wall time). It
  // runs every interval on collector threads, off the scrape path, so a short benchmark may not include one.
  double collection_seconds = 0;
  // CPU the server used per second while the client held its keep-alive connection open and idle after the
  // scrapes (schedstat of every thread); negative when not measured.
  double idle_ms_per_second = -1;

  double cpu_seconds() const {
    return static_cast<double>(cpu_ticks) / static_cast<double>(ticks_per_second);
  }
  double cpu_seconds_per_1000() const;
};

struct Goals {
  double p50_ms = 0.5;
  double cpu_factor = 10;  // at least this many times less CPU per scrape than default node_exporter
  double hwm_mib = 8;      // peak resident set (VmHWM)
};

void print_measurements(std::ostream& out, std::span<const Measurement> rows);
// node_exporter figure / dc-exporter figure for each peer: above 1 means dc-exporter needs that many times
// less.
void print_ratios(std::ostream& out, const Measurement& dc, std::span<const Measurement> peers);
// What a back-to-back benchmark leaves out and Prometheus pays at its usual 15 s interval: dc-exporter's
// collection rounds (on their own schedule; node_exporter collects inside each scrape), and the CPU each
// server spends while the scraper holds an idle keep-alive connection. rows[0] is dc-exporter, rows[1]
// node_exporter with its default collectors.
void print_between_scrapes(std::ostream& out, std::span<const Measurement> rows, std::size_t idle_seconds);
// Returns true when every goal is met.
bool print_goals(std::ostream& out, const Measurement& dc, const Measurement& default_node,
                 const Goals& goals);

}  // namespace dcm::bench
