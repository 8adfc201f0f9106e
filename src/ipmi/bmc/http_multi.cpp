#include "ipmi/bmc/http_multi.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include <curl/curl.h>
#include <pthread.h>

namespace dcm::ipmi::bmc {

struct HttpMulti::Transfer {
  HttpRequest request;
  Callback done;
  HttpResponse response;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};
  bool too_large = false;
  std::chrono::steady_clock::time_point started;
};

namespace {

CURLM* as_multi(void* multi) {
  return static_cast<CURLM*>(multi);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
  const std::size_t bytes = size * count;
  std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    headers.clear();  // a new response (after 100 Continue): forget the previous one's headers
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    return bytes;
  }
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  headers[name] = std::string(value);
  return bytes;
}

HttpError classify(CURLcode code, bool too_large) {
  switch (code) {
    case CURLE_OK:
      return HttpError::kNone;
    case CURLE_OPERATION_TIMEDOUT:
      return HttpError::kTimeout;
    case CURLE_PARTIAL_FILE:
      return HttpError::kTruncated;
    case CURLE_WRITE_ERROR:
      return too_large ? HttpError::kTooLarge : HttpError::kOther;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return HttpError::kConnection;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
      return HttpError::kTls;
    default:
      return HttpError::kOther;
  }
}

}  // namespace

std::string HttpResponse::header(std::string_view lower_case_name) const {
  auto it = headers.find(std::string(lower_case_name));
  return it == headers.end() ? std::string() : it->second;
}

bool HttpMulti::FetchAwaiter::await_suspend(std::coroutine_handle<> handle) {
  handle_ = handle;
  http_.submit(std::move(request_), [this](HttpResponse&& response) {
    response_ = std::move(response);
    if (state_.exchange(2) == 1) {
      handle_.resume();
    }
  });
  // Already answered (the HttpMulti is shutting down): carry on without suspending.
  return state_.exchange(1) != 2;
}

HttpMulti::HttpMulti(HttpMultiOptions options) : options_(std::move(options)) {
  curl_global_init(CURL_GLOBAL_DEFAULT);  // reference-counted and thread-safe in libcurl >= 7.84
  multi_ = curl_multi_init();
  curl_multi_setopt(as_multi(multi_), CURLMOPT_MAXCONNECTS, static_cast<long>(options_.max_in_flight));
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "http-multi");
    run();
  });
}

HttpMulti::~HttpMulti() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  curl_multi_wakeup(as_multi(multi_));
  thread_.join();
  // Whatever did not finish is answered now, on this thread.
  std::deque<std::unique_ptr<Transfer>> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(queued_);
  }
  for (auto& transfer : waiting_) {
    left.push_back(std::move(transfer));
  }
  for (auto& [easy, transfer] : running_) {
    curl_multi_remove_handle(as_multi(multi_), easy);
    left.push_back(std::move(transfer));
  }
  running_.clear();
  for (auto& transfer : left) {
    if (transfer->easy != nullptr) {
      curl_easy_cleanup(transfer->easy);
    }
    curl_slist_free_all(transfer->headers);
    transfer->response.error = HttpError::kShutdown;
    transfer->response.error_text = "shutting down";
    transfer->done(std::move(transfer->response));
  }
  for (void* easy : idle_handles_) {
    curl_easy_cleanup(static_cast<CURL*>(easy));
  }
  curl_multi_cleanup(as_multi(multi_));
  curl_global_cleanup();
}

void HttpMulti::submit(HttpRequest request, Callback done) {
  auto transfer = std::make_unique<Transfer>();
  transfer->request = std::move(request);
  transfer->done = std::move(done);
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queued_.push_back(std::move(transfer));
    }
  }
  if (transfer) {  // not queued: shutting down
    transfer->response.error = HttpError::kShutdown;
    transfer->response.error_text = "shutting down";
    transfer->done(std::move(transfer->response));
    return;
  }
  curl_multi_wakeup(as_multi(multi_));
}

std::future<HttpResponse> HttpMulti::fetch(HttpRequest request) {
  auto promise = std::make_shared<std::promise<HttpResponse>>();
  auto future = promise->get_future();
  submit(std::move(request), [promise](HttpResponse&& response) { promise->set_value(std::move(response)); });
  return future;
}

void HttpMulti::start(std::unique_ptr<Transfer> transfer) {
  CURL* easy = nullptr;
  if (!idle_handles_.empty()) {
    easy = static_cast<CURL*>(idle_handles_.back());
    idle_handles_.pop_back();
    curl_easy_reset(easy);
  } else {
    easy = curl_easy_init();
  }
  Transfer& t = *transfer;
  t.easy = easy;
  const auto& request = t.request;
  const long timeout_ms = std::max<long>(1, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t.error_buffer);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, request.tls_verify ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, request.tls_verify ? 2L : 0L);
  for (const auto& header : request.headers) {
    t.headers = curl_slist_append(t.headers, header.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t.headers);
  if (!request.basic_user.empty()) {
    curl_easy_setopt(easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(easy, CURLOPT_USERNAME, request.basic_user.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, request.basic_password.c_str());
  }
  if (request.method == "POST") {
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.c_str());
  } else if (request.method != "GET") {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty()) {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.c_str());
    }
  }
  curl_easy_setopt(
      easy, CURLOPT_WRITEFUNCTION, +[](char* data, std::size_t size, std::size_t count, void* user) {
        auto& tr = *static_cast<Transfer*>(user);
        const std::size_t bytes = size * count;
        if (tr.response.body.size() + bytes > tr.request.max_body_bytes) {
          tr.too_large = true;
          return std::size_t{0};  // libcurl stops with CURLE_WRITE_ERROR
        }
        tr.response.body.append(data, bytes);
        return bytes;
      });
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &t.response.headers);
  t.started = std::chrono::steady_clock::now();
  curl_multi_add_handle(as_multi(multi_), easy);
  running_.emplace(easy, std::move(transfer));
  peak_in_flight_ = std::max(peak_in_flight_.load(), running_.size());
}

void HttpMulti::finish(Transfer* transfer, int code) {
  auto it = running_.find(transfer->easy);
  std::unique_ptr<Transfer> owned = std::move(it->second);
  running_.erase(it);
  CURL* easy = owned->easy;
  auto& response = owned->response;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
  response.error = classify(static_cast<CURLcode>(code), owned->too_large);
  if (response.error != HttpError::kNone) {
    if (response.error == HttpError::kTooLarge) {
      response.error_text =
          "response larger than " + std::to_string(owned->request.max_body_bytes) + " bytes";
    } else if (response.error == HttpError::kTimeout) {
      response.error_text = "timeout after " + describe_duration(owned->request.timeout);
    } else {
      response.error_text = owned->error_buffer[0] != '\0' ? owned->error_buffer
                                                           : curl_easy_strerror(static_cast<CURLcode>(code));
    }
  }
  response.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                           owned->started);
  curl_multi_remove_handle(as_multi(multi_), easy);
  curl_slist_free_all(owned->headers);
  owned->headers = nullptr;
  // The password must not linger in a pooled handle.
  curl_easy_reset(easy);
  idle_handles_.push_back(easy);
  owned->easy = nullptr;
  ++completed_;
  owned->done(std::move(response));
}

void HttpMulti::run() {
  CURLM* multi = as_multi(multi_);
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        return;
      }
      while (!queued_.empty()) {
        waiting_.push_back(std::move(queued_.front()));
        queued_.pop_front();
      }
    }
    while (!waiting_.empty() && running_.size() < options_.max_in_flight) {
      auto transfer = std::move(waiting_.front());
      waiting_.pop_front();
      start(std::move(transfer));
    }
    int still_running = 0;
    curl_multi_perform(multi, &still_running);
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &left)) {
      if (message->msg != CURLMSG_DONE) {
        continue;
      }
      Transfer* transfer = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
      finish(transfer, message->data.result);
    }
    {
      std::lock_guard lock(mutex_);
      if (!queued_.empty() || stopping_) {
        continue;
      }
    }
    curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
}

}  // namespace dcm::ipmi::bmc
