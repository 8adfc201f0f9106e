// The one HTTP server every daemon uses: cpp-httplib underneath, with what each daemon would otherwise
// repeat: GET /healthz, a request body limit, timeouts, an access log at debug level, binding to port 0
// for tests, and a stop that lets in-flight requests finish.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <httplib.h>

#include "core/cli/endpoint.hpp"
#include "core/log/logging.hpp"

namespace dcm::core::http {

using Request = httplib::Request;
using Response = httplib::Response;
using Handler = std::function<void(const Request&, Response&)>;

struct ServerOptions {
  cli::Endpoint listen{"127.0.0.1", 0};
  std::size_t max_body_bytes = 64 * 1024;
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds write_timeout{5};
  std::size_t worker_threads = 4;
  // Requests one connection may carry, and how long an idle kept-alive connection stays open. cpp-httplib
  // polls an idle connection about 90 times a second and stop() waits for it, so the idle time is short
  // (shutdown within a second). A daemon scraped every few seconds sets 1: a new connection per scrape
  // costs less than polling the idle one.
  std::size_t keep_alive_max_requests = 100;
  std::chrono::seconds keep_alive_timeout{1};
  log::Logger logger = log::null_logger();
};

// Thrown by bind() when the address cannot be used; what() names the address and the reason.
class BindError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void get(const std::string& pattern, Handler handler);
  void post(const std::string& pattern, Handler handler);

  // /healthz answers 200 "ok" while check() returns true, else 503 with the text check() wrote. Without a
  // check it always answers 200.
  void set_health_check(std::function<bool(std::string& reason)> check);

  // Binds the listening socket; returns the port (the kernel's choice when the port was 0).
  int bind();
  // Serves on a thread of its own named "http"; bind() first.
  void start();
  // Stops accepting, lets running handlers return, joins the thread. Safe to call twice.
  void stop();

  int port() const { return port_; }
  std::string url() const;  // "http://HOST:PORT", for tests and log lines

 private:
  ServerOptions options_;
  httplib::Server server_;
  std::function<bool(std::string&)> health_check_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace dcm::core::http
