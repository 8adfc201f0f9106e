#include "core/http/client.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <mutex>

#include <curl/curl.h>

namespace dcm::core::http {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct Transfer {
  ClientResponse* response;
  std::size_t limit;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->response->body.size() + bytes > transfer->limit) {
    transfer->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->response->body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    transfer->response->headers.clear();  // a new response (after "100 Continue"): keep only its headers
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    return bytes;
  }
  auto value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  transfer->response->headers.emplace_back(lower(line.substr(0, colon)), std::string(value));
  return bytes;
}

TransportError::Kind kind_of(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return TransportError::Kind::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return TransportError::Kind::kConnect;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      return TransportError::Kind::kTls;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return TransportError::Kind::kBadUrl;
    default:
      return TransportError::Kind::kOther;
  }
}

// What failed, in words that hold no part of the URL beyond the origin.
std::string describe(CURL* curl, CURLcode code) {
  switch (kind_of(code)) {
    case TransportError::Kind::kTimeout: {
      curl_off_t micros = 0;
      curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME_T, &micros);
      char text[48];
      std::snprintf(text, sizeof text, "timed out after %.1f s", static_cast<double>(micros) / 1e6);
      return text;
    }
    case TransportError::Kind::kBadUrl:
      return "invalid URL";
    default:
      return curl_easy_strerror(code);
  }
}

}  // namespace

std::optional<std::string> ClientResponse::header(std::string_view name) const {
  const auto wanted = lower(name);
  for (const auto& [key, value] : headers) {
    if (key == wanted) {
      return value;
    }
  }
  return std::nullopt;
}

std::string url_origin(const std::string& url) {
  global_init_once();
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return "(invalid URL)";
  }
  auto part = [&](CURLUPart which, unsigned flags) -> std::string {
    char* text = nullptr;
    if (curl_url_get(parsed.get(), which, &text, flags) != CURLUE_OK || text == nullptr) {
      return {};
    }
    std::string out(text);
    curl_free(text);
    return out;
  };
  return part(CURLUPART_SCHEME, 0) + "://" + part(CURLUPART_HOST, 0) + ":" +
         part(CURLUPART_PORT, CURLU_DEFAULT_PORT);
}

Client::Client() {
  global_init_once();
  handle_ = curl_easy_init();
  if (handle_ == nullptr) {
    throw std::runtime_error("libcurl: cannot create a transfer handle");
  }
}

Client::~Client() {
  curl_easy_cleanup(static_cast<CURL*>(handle_));
}

ClientResponse Client::perform(const ClientRequest& request) {
  auto* curl = static_cast<CURL*>(handle_);
  curl_easy_reset(curl);  // options only: the connection cache survives, so keep-alive connections are reused
  ClientResponse response;
  Transfer transfer{&response, request.max_response_bytes};

  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, &curl_slist_free_all);
  auto add_header = [&](const std::string& line) {
    auto* grown = curl_slist_append(headers.get(), line.c_str());
    if (grown == nullptr) {
      throw TransportError(TransportError::Kind::kOther, url_origin(request.url) + ": out of memory");
    }
    headers.release();
    headers.reset(grown);
  };
  for (const auto& [name, value] : request.headers) {
    add_header(name + ": " + value);
  }
  add_header("Expect:");  // no "100-continue" round trip for larger bodies

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, request.tls_verify ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, request.tls_verify ? 2L : 0L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "dc-monitoring-suite");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    if (request.method == "HEAD") {
      curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (request.method != "POST") {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    if (request.method != "HEAD" && (request.method != "DELETE" || !request.body.empty())) {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
  }

  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    if (transfer.too_large) {
      throw TransportError(TransportError::Kind::kTooLarge,
                           url_origin(request.url) + ": response larger than " +
                               std::to_string(request.max_response_bytes) + " bytes");
    }
    throw TransportError(kind_of(code), url_origin(request.url) + ": " + describe(curl, code));
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace dcm::core::http
