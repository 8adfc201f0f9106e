#include "core/http/server.hpp"

#include "core/sched/periodic_task.hpp"

namespace dcm::core::http {

Server::Server(ServerOptions options) : options_(std::move(options)) {
  // cpp-httplib's default sets SO_REUSEPORT, which lets a second daemon bind the same port and silently
  // take half the requests. SO_REUSEADDR alone allows a quick restart and still refuses a port in use.
  server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // cpp-httplib writes the headers and the body of a response with two send() calls. With Nagle's algorithm
  // on (its default) the body then waits for the client's delayed ACK of the headers: about 40 ms added to
  // every keep-alive request (bench/exporter measured p50 44 ms for /metrics). Go's net/http, which
  // Prometheus and node_exporter use, sets TCP_NODELAY too.
  server_.set_tcp_nodelay(true);
  server_.set_payload_max_length(options_.max_body_bytes);
  server_.set_read_timeout(options_.read_timeout.count(), 0);
  server_.set_write_timeout(options_.write_timeout.count(), 0);
  server_.set_keep_alive_max_count(options_.keep_alive_max_requests);
  server_.set_keep_alive_timeout(options_.keep_alive_timeout.count());
  const auto threads = options_.worker_threads;
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_.set_logger([logger = options_.logger](const Request& request, const Response& response) {
    logger->debug("{} {} {} {}B from {}", request.method, request.path, response.status, response.body.size(),
                  request.remote_addr);
  });
  server_.Get("/healthz", [this](const Request&, Response& response) {
    std::string reason;
    if (health_check_ && !health_check_(reason)) {
      response.status = 503;
      response.set_content(reason + "\n", "text/plain; charset=utf-8");
      return;
    }
    response.set_content("ok\n", "text/plain; charset=utf-8");
  });
}

Server::~Server() {
  stop();
}

void Server::get(const std::string& pattern, Handler handler) {
  server_.Get(pattern, std::move(handler));
}

void Server::post(const std::string& pattern, Handler handler) {
  server_.Post(pattern, std::move(handler));
}

void Server::set_health_check(std::function<bool(std::string&)> check) {
  health_check_ = std::move(check);
}

int Server::bind() {
  const auto& listen = options_.listen;
  if (listen.port == 0) {
    port_ = server_.bind_to_any_port(listen.host);
    if (port_ <= 0) {
      throw BindError(listen.to_string() + ": cannot bind (" + std::strerror(errno) + ")");
    }
  } else {
    if (!server_.bind_to_port(listen.host, listen.port)) {
      throw BindError(listen.to_string() + ": cannot bind (" + std::strerror(errno) + ")");
    }
    port_ = listen.port;
  }
  return port_;
}

void Server::start() {
  thread_ = std::thread([this] {
    sched::name_this_thread("http");
    server_.listen_after_bind();
  });
  // listen_after_bind() flips is_running() only once its accept loop is entered; wait for that so a caller
  // that starts the server and immediately connects is never refused.
  for (int waited_ms = 0; !server_.is_running() && waited_ms < 5000; ++waited_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void Server::stop() {
  server_.stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

std::string Server::url() const {
  cli::Endpoint shown{options_.listen.host, port_};
  if (shown.host == "0.0.0.0") {
    shown.host = "127.0.0.1";
  }
  return "http://" + shown.to_string();
}

}  // namespace dcm::core::http
