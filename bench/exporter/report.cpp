#include "bench/exporter/report.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <ostream>

#include <fmt/format.h>

namespace dcm::bench {
namespace {

double to_ms(std::chrono::nanoseconds ns) {
  return std::chrono::duration<double, std::milli>(ns).count();
}

double mib(std::uint64_t kib) {
  return static_cast<double>(kib) / 1024.0;
}

// Per-scrape CPU of a server whose measured CPU was under one tick: at most one tick over its scrapes.
double cpu_per_scrape_upper_bound(const Measurement& m) {
  auto ticks = std::max<std::uint64_t>(m.cpu_ticks, 1);
  return static_cast<double>(ticks) / static_cast<double>(m.ticks_per_second) /
         static_cast<double>(m.scrapes);
}

// "12.3x", or "n/a" when the denominator is zero.
std::string factor(double peer, double ours) {
  return ours > 0 ? fmt::format("{:.1f}x", peer / ours) : "n/a";
}

struct CpuFactor {
  double value = 0;
  bool lower_bound = false;  // dc-exporter used less than one tick: the factor is at least `value`
};

CpuFactor cpu_factor(const Measurement& dc, const Measurement& peer) {
  const double peer_per_scrape = peer.cpu_seconds() / static_cast<double>(peer.scrapes);
  return {peer_per_scrape / cpu_per_scrape_upper_bound(dc), dc.cpu_ticks == 0};
}

std::string show(const CpuFactor& f) {
  return fmt::format("{}{:.1f}x", f.lower_bound ? ">= " : "", f.value);
}

}  // namespace

LatencySummary summarise(std::vector<std::chrono::nanoseconds> latencies) {
  LatencySummary out;
  if (latencies.empty()) {
    return out;
  }
  std::sort(latencies.begin(), latencies.end());
  auto rank = [&](double p) {
    auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(latencies.size())));
    return latencies[std::clamp<std::size_t>(index, 1, latencies.size()) - 1];
  };
  out.p50_ms = to_ms(rank(0.50));
  out.p99_ms = to_ms(rank(0.99));
  out.max_ms = to_ms(latencies.back());
  auto total = std::accumulate(latencies.begin(), latencies.end(), std::chrono::nanoseconds{0});
  out.mean_ms = to_ms(total) / static_cast<double>(latencies.size());
  return out;
}

double Measurement::cpu_seconds_per_1000() const {
  return scrapes == 0 ? 0.0 : cpu_seconds() * 1000.0 / static_cast<double>(scrapes);
}

void print_measurements(std::ostream& out, std::span<const Measurement> rows) {
  out << "| server | samples | bytes (as sent) | p50 ms | p99 ms | mean ms | max ms | CPU s / 1000 scrapes "
         "(ticks) | VmRSS MiB | VmHWM MiB | RssAnon / RssFile MiB | new conns | failed |\n"
         "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  for (const auto& m : rows) {
    const auto sent = m.content_encoding.empty()
                          ? fmt::format("{}", m.body_bytes)
                          : fmt::format("{} ({} {})", m.body_bytes, m.wire_bytes, m.content_encoding);
    out << fmt::format(
        "| {} | {} | {} | {:.3f} | {:.3f} | {:.3f} | {:.3f} | {:.3f} ({}) | {:.1f} | {:.1f} | {:.1f} / "
        "{:.1f} | {} | {} |\n",
        m.server, m.samples, sent, m.latency.p50_ms, m.latency.p99_ms, m.latency.mean_ms, m.latency.max_ms,
        m.cpu_seconds_per_1000(), m.cpu_ticks, mib(m.memory.rss_kib), mib(m.memory.hwm_kib),
        mib(m.memory.anon_kib), mib(m.memory.file_kib), m.new_connections, m.failures);
  }
  out << "\n- samples: sample lines in one uncompressed answer; bytes: one answer uncompressed (as sent)\n"
         "- p50/p99: nearest-rank percentiles of the client-side time of each measured scrape "
         "(steady_clock)\n"
         "- CPU: the server's utime+stime over the measured scrapes (ticks), scaled to 1000 scrapes; it "
         "includes "
         "whatever the server did meanwhile (dc-exporter's collectors run every 5 s on their own threads)\n"
         "- VmRSS/VmHWM: after the measured scrapes; RssAnon is private memory, RssFile is mostly "
         "shared-library "
         "pages\n"
         "- new conns: TCP connections the client opened during the measured scrapes (a server may close a "
         "keep-alive connection; dc-exporter closes after each response)\n";
}

void print_ratios(std::ostream& out, const Measurement& dc, std::span<const Measurement> peers) {
  out << "| node_exporter / dc-exporter | p50 | p99 | CPU per scrape | VmRSS | VmHWM | samples |\n"
         "|---|--:|--:|--:|--:|--:|--:|\n";
  for (const auto& peer : peers) {
    out << fmt::format(
        "| {} | {} | {} | {} | {} | {} | {} |\n", peer.server, factor(peer.latency.p50_ms, dc.latency.p50_ms),
        factor(peer.latency.p99_ms, dc.latency.p99_ms), show(cpu_factor(dc, peer)),
        factor(static_cast<double>(peer.memory.rss_kib), static_cast<double>(dc.memory.rss_kib)),
        factor(static_cast<double>(peer.memory.hwm_kib), static_cast<double>(dc.memory.hwm_kib)),
        factor(static_cast<double>(peer.samples), static_cast<double>(dc.samples)));
  }
}

void print_between_scrapes(std::ostream& out, std::span<const Measurement> rows, std::size_t idle_seconds) {
  constexpr double kScrapeInterval = 15;     // Prometheus' usual scrape interval, seconds
  constexpr double kCollectionInterval = 5;  // the seed's [agent] interval, which the benchmark config uses
  constexpr double kKeepAliveTimeout =
      1;  // core::http::ServerOptions default: an idle connection closes then
  const auto& dc = rows[0];
  const auto& node = rows[1];
  const double collection_ms = kScrapeInterval / kCollectionInterval * dc.collection_seconds * 1000.0;
  out << fmt::format("- Collection: one dc-exporter collection round took {:.3f} ms ",
                     dc.collection_seconds * 1e3)
      << "(sum of dc_exporter_collector_duration_seconds, wall time); at interval=5 s and a 15 s scrape "
         "interval "
      << fmt::format("that adds {:.3f} ms per scrape. ", collection_ms)
      << "node_exporter collects inside each scrape: its CPU figure above includes collection.\n";
  if (idle_seconds == 0) {
    return;
  }
  out << fmt::format("- Idle keep-alive connection held {} s after the scrapes (Prometheus keeps its ",
                     idle_seconds)
      << "connection open between scrapes); server CPU per second:";
  for (const auto& m : rows) {
    out << (m.idle_ms_per_second < 0 ? fmt::format(" {} n/a;", m.server)
                                     : fmt::format(" {} {:.3f} ms/s;", m.server, m.idle_ms_per_second));
  }
  const double dc_idle_ms = std::max(dc.idle_ms_per_second, 0.0) * kKeepAliveTimeout;
  out << " an idle connection left open costs dc-exporter at most its keep-alive timeout of polling ("
      << fmt::format("{:.0f} s), about {:.3f} ms per 15 s scrape.\n", kKeepAliveTimeout, dc_idle_ms);
  const double dc_ms = dc.cpu_seconds_per_1000() + collection_ms + dc_idle_ms;
  const double node_ms =
      node.cpu_seconds_per_1000() + std::max(node.idle_ms_per_second, 0.0) * kScrapeInterval;
  out << "- Per 15 s scrape, serving + collection + idle connection: "
      << fmt::format("dc-exporter about {:.3f} ms, {} about {:.3f} ms: ", dc_ms, node.server, node_ms)
      << (dc_ms <= node_ms ? fmt::format("dc-exporter uses {} less.\n", factor(node_ms, dc_ms))
                           : fmt::format("dc-exporter uses {} MORE.\n", factor(dc_ms, node_ms)));
}

bool print_goals(std::ostream& out, const Measurement& dc, const Measurement& default_node,
                 const Goals& goals) {
  auto verdict = [](bool met) { return met ? "met" : "MISSED"; };
  const bool p50_met = dc.latency.p50_ms <= goals.p50_ms;
  const auto cpu = cpu_factor(dc, default_node);
  const bool cpu_met = cpu.value >= goals.cpu_factor;
  const double hwm = mib(dc.memory.hwm_kib);
  const bool rss_met = hwm <= goals.hwm_mib;
  out << "| goal | dc-exporter | verdict |\n|---|--:|---|\n";
  out << fmt::format("| p50 scrape latency <= {} ms | {:.3f} ms | {}{} |\n", goals.p50_ms, dc.latency.p50_ms,
                     verdict(p50_met),
                     p50_met
                         ? ""
                         : fmt::format(" by {:.3f} ms ({:.1f}x the goal)", dc.latency.p50_ms - goals.p50_ms,
                                       dc.latency.p50_ms / goals.p50_ms));
  out << fmt::format(
      "| CPU per scrape >= {}x less than node_exporter (default) | {} less | {}{} |\n", goals.cpu_factor,
      show(cpu), verdict(cpu_met),
      cpu_met || cpu.value <= 0 ? "" : fmt::format(" ({:.1f}x short)", goals.cpu_factor / cpu.value));
  out << fmt::format("| RSS (peak, VmHWM) <= {} MiB | {:.1f} MiB | {}{} |\n", goals.hwm_mib, hwm,
                     verdict(rss_met), rss_met ? "" : fmt::format(" by {:.1f} MiB", hwm - goals.hwm_mib));
  return p50_met && cpu_met && rss_met;
}

}  // namespace dcm::bench
