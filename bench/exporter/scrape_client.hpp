// The benchmark's side of a scrape: a cpp-httplib client on one keep-alive connection to 127.0.0.1:PORT
// that sends GET /metrics with the headers Prometheus sends and times each request with steady_clock.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

namespace dcm::bench {

struct ScrapeRun {
  std::vector<std::chrono::nanoseconds> latencies;  // one per successful scrape, in order
  std::size_t failures = 0;                         // transport errors and non-200 answers
  std::string last_error;
  std::size_t connections = 0;   // TCP connections opened during this run (0: the previous one was kept)
  std::size_t wire_bytes = 0;    // body of the last answer as sent (compressed when content_encoding says so)
  std::string content_encoding;  // of the last answer; empty when not compressed
};

class ScrapeClient {
 public:
  // `accept_encoding` is sent as is ("gzip" as Prometheus does; "identity" for no compression). Answers
  // are not decompressed: the client does no more work than reading them.
  ScrapeClient(int port, const std::string& accept_encoding);
  ScrapeClient(const ScrapeClient&) = delete;
  ScrapeClient& operator=(const ScrapeClient&) = delete;

  // `count` scrapes back to back; gives up after kMaxFailures failed ones. The connection stays open between
  // runs, so a measured run after a warm-up run reuses it until the server closes it.
  ScrapeRun run(std::size_t count);

  static constexpr std::size_t kMaxFailures = 10;

 private:
  httplib::Client client_;
  httplib::Headers headers_;
  std::size_t connections_ = 0;
};

// GET http://127.0.0.1:PORT/PATH on a connection of its own, uncompressed; the body when the answer is 200.
std::optional<std::string> fetch_plain(int port, const std::string& path);

}  // namespace dcm::bench
