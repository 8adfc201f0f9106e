// Many HTTP(S) requests in flight from one thread: libcurl's multi interface behind a small request/response
// API. Any thread submits a request with a callback (or takes a std::future, or co_awaits it inside a Task);
// the HttpMulti's own thread ("http-multi") performs every transfer and calls each callback when its transfer
// ends. A thousand BMCs are swept by this one thread plus coroutines, not by a thousand threads
// (docs/ipmi-monitor/redfish.md, "Concurrency").
//
// Every request carries its own timeout and its own TLS verification switch (libcurl keeps connections made
// with different verification settings apart, so tls_verify=false for one BMC never leaks to another).
// Redirects are never followed: credentials go only to the URL they were given for.
#pragma once

#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ipmi/bmc/duration_text.hpp"

namespace dcm::ipmi::bmc {

struct HttpRequest {
  std::string method = "GET";  // GET, POST, DELETE, PATCH
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  std::chrono::milliseconds timeout{5000};  // the whole transfer, connection included
  bool tls_verify = true;
  std::string basic_user;  // basic authentication when not empty
  std::string basic_password;
  std::size_t max_body_bytes = 32 * 1024 * 1024;
};

enum class HttpError { kNone, kTimeout, kConnection, kTls, kTruncated, kTooLarge, kShutdown, kOther };

struct HttpResponse {
  long status = 0;                             // 0 when no HTTP answer came
  std::map<std::string, std::string> headers;  // names in lower case; the last value of a repeated header
  std::string body;
  HttpError error = HttpError::kNone;
  std::string error_text;  // libcurl's words when error != kNone (never holds credentials)
  std::chrono::microseconds elapsed{0};

  bool transferred() const { return error == HttpError::kNone; }
  std::string header(std::string_view lower_case_name) const;
};

struct HttpMultiOptions {
  std::size_t max_in_flight = 256;  // transfers running at once; the rest wait in submission order
  std::string user_agent = "ipmi-monitor";
};

class HttpMulti {
 public:
  using Callback = std::function<void(HttpResponse&&)>;

  explicit HttpMulti(HttpMultiOptions options = {});
  // Fails every transfer still queued or running with HttpError::kShutdown and joins the thread.
  ~HttpMulti();
  HttpMulti(const HttpMulti&) = delete;
  HttpMulti& operator=(const HttpMulti&) = delete;

  // Thread-safe. `done` runs on the HttpMulti thread (or on the caller's thread when the HttpMulti is
  // shutting down) and must not block.
  void submit(HttpRequest request, Callback done);
  std::future<HttpResponse> fetch(HttpRequest request);

  // co_await http.async_fetch(request) inside a Task: suspends until the response is there.
  class FetchAwaiter {
   public:
    FetchAwaiter(HttpMulti& http, HttpRequest request) : http_(http), request_(std::move(request)) {}
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> handle);
    HttpResponse await_resume() { return std::move(response_); }

   private:
    HttpMulti& http_;
    HttpRequest request_;
    HttpResponse response_;
    std::coroutine_handle<> handle_;
    std::atomic<int> state_{0};  // 0 started, 1 suspended, 2 done
  };
  FetchAwaiter async_fetch(HttpRequest request) { return FetchAwaiter(*this, std::move(request)); }

  // Transfers finished since start, for benchmarks and tests.
  std::size_t completed() const { return completed_.load(); }
  // The most transfers that were running at the same moment.
  std::size_t peak_in_flight() const { return peak_in_flight_.load(); }

 private:
  struct Transfer;
  void run();
  void start(std::unique_ptr<Transfer> transfer);
  void finish(Transfer* transfer, int code);

  HttpMultiOptions options_;
  void* multi_ = nullptr;  // CURLM*
  std::mutex mutex_;
  std::deque<std::unique_ptr<Transfer>> queued_;        // guarded by mutex_
  bool stopping_ = false;                               // guarded by mutex_
  std::deque<std::unique_ptr<Transfer>> waiting_;       // loop thread only: over max_in_flight
  std::map<void*, std::unique_ptr<Transfer>> running_;  // loop thread only: by CURL*
  std::vector<void*> idle_handles_;                     // loop thread only: CURL* to reuse
  std::atomic<std::size_t> completed_{0};
  std::atomic<std::size_t> peak_in_flight_{0};
  std::thread thread_;
};

}  // namespace dcm::ipmi::bmc
