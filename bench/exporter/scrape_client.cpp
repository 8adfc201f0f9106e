#include "bench/exporter/scrape_client.hpp"

namespace dcm::bench {
namespace {

constexpr const char* kLoopback = "127.0.0.1";
// What Prometheus 2.x sends when it scrapes (scrape/scrape.go).
constexpr const char* kPrometheusAccept =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
    "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

}  // namespace

ScrapeClient::ScrapeClient(int port, const std::string& accept_encoding)
    : client_(kLoopback, port),
      headers_{{"Accept", kPrometheusAccept},
               {"Accept-Encoding", accept_encoding},
               {"User-Agent", "dcm-bench-exporter"},
               {"X-Prometheus-Scrape-Timeout-Seconds", "10"}} {
  client_.set_keep_alive(true);
  client_.set_decompress(false);
  client_.set_tcp_nodelay(true);  // as Go's net/http (Prometheus) does; the server's own setting is measured
  client_.set_connection_timeout(2, 0);
  client_.set_read_timeout(10, 0);
  client_.set_socket_options([this](socket_t) { ++connections_; });
}

ScrapeRun ScrapeClient::run(std::size_t count) {
  ScrapeRun out;
  out.latencies.reserve(count);
  const auto connections_before = connections_;
  for (std::size_t i = 0; i < count && out.failures < kMaxFailures; ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto result = client_.Get("/metrics", headers_);
    const auto took = std::chrono::steady_clock::now() - start;
    if (!result) {
      ++out.failures;
      out.last_error = httplib::to_string(result.error());
      continue;
    }
    if (result->status != 200) {
      ++out.failures;
      out.last_error = "HTTP " + std::to_string(result->status);
      continue;
    }
    out.latencies.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(took));
    out.wire_bytes = result->body.size();
    out.content_encoding = result->get_header_value("Content-Encoding");
  }
  out.connections = connections_ - connections_before;
  return out;
}

std::optional<std::string> fetch_plain(int port, const std::string& path) {
  httplib::Client client(kLoopback, port);
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(10, 0);
  auto result = client.Get(path, {{"Accept-Encoding", "identity"}});
  if (!result || result->status != 200) {
    return std::nullopt;
  }
  return result->body;
}

}  // namespace dcm::bench
