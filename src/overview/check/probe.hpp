// Probes every scrape target's /metrics the way Prometheus would (HTTP GET, no proxy, a timeout), all at
// once with libcurl's multi interface, and says why each one is down: connection refused, timeout, HTTP
// status, not Prometheus format, name not resolved, TLS.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace dcm::overview {

struct ProbeRequest {
  std::string job;
  std::string instance;
  std::string url;  // "http://10.0.0.11:9500/metrics"
};

struct ProbeResult {
  ProbeRequest request;
  bool up = false;
  std::string detail;  // "812 samples, 4 ms" or the reason it is down
};

// Results in the order of `requests`. No request takes longer than `timeout`.
std::vector<ProbeResult> probe_targets(const std::vector<ProbeRequest>& requests,
                                       std::chrono::milliseconds timeout);

}  // namespace dcm::overview
