#include "overview/check/probe.hpp"

#include <cerrno>
#include <cmath>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <curl/curl.h>

#include "overview/check/exposition_check.hpp"

namespace dcm::overview {
namespace {

constexpr std::size_t kMaxBody = 64 * 1024 * 1024;  // far above any exporter; stops a runaway stream

struct Transfer {
  CURL* easy = nullptr;
  std::string body;
  bool too_large = false;
  char error[CURL_ERROR_SIZE] = {};
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const auto bytes = size * count;
  if (transfer->body.size() + bytes > kMaxBody) {
    transfer->too_large = true;
    return 0;
  }
  transfer->body.append(data, bytes);
  return bytes;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl initialisation failed");
    }
  });
}

std::string seconds_text(std::chrono::milliseconds timeout) {
  const double seconds = static_cast<double>(timeout.count()) / 1000.0;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, seconds == std::floor(seconds) ? "%.0f s" : "%.1f s", seconds);
  return buffer;
}

std::string describe_failure(CURLcode code, Transfer& transfer, std::chrono::milliseconds timeout) {
  long os_errno = 0;
  curl_easy_getinfo(transfer.easy, CURLINFO_OS_ERRNO, &os_errno);
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED) {
        return "connection refused";
      }
      if (os_errno == EHOSTUNREACH) {
        return "no route to host";
      }
      if (os_errno == ENETUNREACH) {
        return "network unreachable";
      }
      return std::string("cannot connect: ") +
             (transfer.error[0] ? transfer.error : curl_easy_strerror(code));
    case CURLE_OPERATION_TIMEDOUT: {
      double connect_time = 0;
      curl_easy_getinfo(transfer.easy, CURLINFO_CONNECT_TIME, &connect_time);
      return connect_time > 0 ? "timeout after " + seconds_text(timeout) + " (connected, no answer)"
                              : "timeout after " + seconds_text(timeout) + " (connecting)";
    }
    case CURLE_COULDNT_RESOLVE_HOST:
      return "cannot resolve host name";
    case CURLE_GOT_NOTHING:
      return "connection closed without an answer";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
      return std::string("connection reset: ") +
             (transfer.error[0] ? transfer.error : curl_easy_strerror(code));
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
      return std::string("TLS: ") + (transfer.error[0] ? transfer.error : curl_easy_strerror(code));
    case CURLE_WRITE_ERROR:
      if (transfer.too_large) {
        return "answer larger than 64 MiB";
      }
      [[fallthrough]];
    default:
      return transfer.error[0] ? transfer.error : curl_easy_strerror(code);
  }
}

void judge(ProbeResult& result, CURLcode code, Transfer& transfer, std::chrono::milliseconds timeout) {
  if (code != CURLE_OK) {
    result.detail = describe_failure(code, transfer, timeout);
    return;
  }
  long status = 0;
  curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    result.detail = "HTTP " + std::to_string(status);
    return;
  }
  auto check = check_exposition(transfer.body);
  if (!check.ok) {
    result.detail = "not Prometheus format (" + check.problem + ")";
    return;
  }
  double total = 0;
  curl_easy_getinfo(transfer.easy, CURLINFO_TOTAL_TIME, &total);
  result.up = true;
  result.detail = std::to_string(check.samples) + " samples, " +
                  std::to_string(static_cast<long long>(std::lround(total * 1000))) + " ms";
}

}  // namespace

std::vector<ProbeResult> probe_targets(const std::vector<ProbeRequest>& requests,
                                       std::chrono::milliseconds timeout) {
  global_init();
  std::vector<ProbeResult> results(requests.size());
  std::vector<std::unique_ptr<Transfer>> transfers;
  std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(), &curl_multi_cleanup);
  if (!multi) {
    throw std::runtime_error("libcurl: cannot create a multi handle");
  }
  for (std::size_t i = 0; i < requests.size(); ++i) {
    results[i].request = requests[i];
    auto transfer = std::make_unique<Transfer>();
    transfer->easy = curl_easy_init();
    if (transfer->easy == nullptr) {
      throw std::runtime_error("libcurl: cannot create a handle");
    }
    CURL* easy = transfer->easy;
    curl_easy_setopt(easy, CURLOPT_URL, requests[i].url.c_str());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_data);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_PROXY, "");  // as Prometheus: no proxy from the environment
    curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, reinterpret_cast<char*>(i));
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "dc-overview-check");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
    curl_multi_add_handle(multi.get(), easy);
    transfers.push_back(std::move(transfer));
  }
  int running = 0;
  do {
    if (curl_multi_perform(multi.get(), &running) != CURLM_OK) {
      break;
    }
    if (running > 0) {
      curl_multi_poll(multi.get(), nullptr, 0, 200, nullptr);
    }
  } while (running > 0);
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
    if (message->msg != CURLMSG_DONE) {
      continue;
    }
    char* index_pointer = nullptr;
    curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &index_pointer);
    auto index = reinterpret_cast<std::size_t>(index_pointer);
    judge(results[index], message->data.result, *transfers[index], timeout);
  }
  for (auto& transfer : transfers) {
    curl_multi_remove_handle(multi.get(), transfer->easy);
    curl_easy_cleanup(transfer->easy);
  }
  for (auto& result : results) {
    if (result.detail.empty()) {
      result.detail = "no answer";
    }
  }
  return results;
}

}  // namespace dcm::overview
