#include "tests/tools/redfish_sim/sim_server.hpp"

#include <stdexcept>

#include <arpa/inet.h>
#include <httplib.h>

#include "tests/tools/redfish_sim/control_api.hpp"

namespace dcm::test::redfish_sim {
namespace {

using nlohmann::json;

// host + offset as a dotted IPv4 address inside 127.0.0.0/8, or an exception.
std::string loopback_address(const std::string& host, int offset) {
  const std::string text = host == "localhost" ? "127.0.0.1" : host;
  in_addr address{};
  if (inet_pton(AF_INET, text.c_str(), &address) != 1) {
    throw std::runtime_error(host + ": not an IPv4 address (the simulator listens on 127.0.0.0/8 only)");
  }
  const std::uint32_t value = ntohl(address.s_addr) + static_cast<std::uint32_t>(offset);
  if ((value >> 24) != 127 || (value & 0xff) == 0 || (value & 0xff) == 255) {
    throw std::runtime_error(host + " + " + std::to_string(offset) +
                             ": outside 127.0.0.1-127.255.255.254 (the simulator listens on loopback only)");
  }
  address.s_addr = htonl(value);
  char out[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &address, out, sizeof out);
  return out;
}

// cpp-httplib's stop() does nothing to a server whose listen loop has not begun, so start() waits for it.
void wait_running(const httplib::Server& server) {
  for (int i = 0; i < 5000 && !server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void write_json(httplib::Response& response, int status, const json& body) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

}  // namespace

SimServer::SimServer(SimOptions options) : options_(std::move(options)) {
  if (options_.fixtures.empty()) {
    throw std::runtime_error("no fixture given");
  }
  if (options_.count < 1) {
    throw std::runtime_error("count must be at least 1");
  }
  std::vector<std::shared_ptr<const FixtureTree>> trees;
  for (const auto& dir : options_.fixtures) {
    trees.push_back(std::make_shared<const FixtureTree>(load_fixture_tree(dir)));
  }
  if (options_.tls) {
    certificate_ = std::make_unique<TlsCertificate>();
  }
  loopback_address(options_.control_host, 0);
  bmcs_.resize(static_cast<std::size_t>(options_.count));
  for (std::size_t i = 0; i < bmcs_.size(); ++i) {
    auto& hosted = bmcs_[i];
    hosted.bmc = std::make_unique<VirtualBmc>(trees[i % trees.size()], options_.page_size, 0x5eed + i);
    hosted.bmc->set_delay(options_.delay);
    hosted.bmc->set_sessions_enabled(options_.sessions);
    hosted.bmc->set_basic_auth_enabled(options_.basic_auth);
    hosted.host = loopback_address(options_.host, options_.port == 0 ? 0 : static_cast<int>(i));
    hosted.port = options_.port;
  }
}

SimServer::~SimServer() {
  stop();
}

void SimServer::wait_delay(std::chrono::milliseconds delay) {
  if (delay.count() <= 0) {
    return;
  }
  std::unique_lock lock(stop_mutex_);
  stop_cv_.wait_for(lock, delay, [this] { return stopping_; });
}

void SimServer::serve(Hosted& hosted) {
  if (certificate_) {
    hosted.server = std::make_unique<httplib::SSLServer>(certificate_->certificate(), certificate_->key());
  } else {
    hosted.server = std::make_unique<httplib::Server>();
  }
  auto& server = *hosted.server;
  if (!server.is_valid()) {
    throw std::runtime_error("cannot set up the HTTP server for " + hosted.host);
  }
  const auto threads = static_cast<std::size_t>(std::max(1, options_.threads_per_bmc));
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);  // answers are written in pieces: no 40 ms Nagle/delayed-ACK stalls
  server.set_keep_alive_timeout(1);
  server.set_keep_alive_max_count(1000);
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  VirtualBmc* bmc = hosted.bmc.get();
  auto handler = [this, bmc](const httplib::Request& req, httplib::Response& res) {
    SimRequest request{req.method,
                       req.path,
                       {},
                       req.body,
                       req.get_header_value("X-Auth-Token"),
                       req.get_header_value("Authorization")};
    if (req.method == "GET") {  // a form-encoded POST body would land in params too: never count it
      for (const auto& [name, value] : req.params) {
        request.query[name] = value;
      }
    }
    wait_delay(bmc->delay());
    SimResponse answer = bmc->handle(request);
    res.status = answer.status;
    std::string content_type = "application/json";
    for (const auto& [name, value] : answer.headers) {
      if (name == "Content-Type") {
        content_type = value;
      } else {
        res.set_header(name, value);
      }
    }
    if (answer.truncate) {
      auto body = std::make_shared<std::string>(std::move(answer.body));
      res.set_content_provider(body->size(), content_type,
                               [body](std::size_t, std::size_t, httplib::DataSink& sink) {
                                 sink.write(body->data(), body->size() / 2);
                                 return false;  // close the connection short of Content-Length
                               });
    } else if (!answer.body.empty()) {
      res.set_content(answer.body, content_type);
    }
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Delete(".*", handler);
  server.Patch(".*", handler);
  server.Put(".*", handler);
  if (hosted.port == 0) {
    hosted.port = server.bind_to_any_port(hosted.host);
  } else if (!server.bind_to_port(hosted.host, hosted.port)) {
    hosted.port = -1;
  }
  if (hosted.port <= 0) {
    throw std::runtime_error("cannot listen on " + hosted.host + ":" + std::to_string(options_.port));
  }
  hosted.thread = std::thread([&server] { server.listen_after_bind(); });
  wait_running(server);
}

void SimServer::start() {
  started_ = true;
  for (auto& hosted : bmcs_) {
    serve(hosted);
  }
  control_ = std::make_unique<httplib::Server>();
  control_->set_tcp_nodelay(true);
  control_->Get("/control/bmcs", [this](const httplib::Request&, httplib::Response& res) {
    json list = json::array();
    for (std::size_t i = 0; i < bmcs_.size(); ++i) {
      list.push_back({{"index", i}, {"url", url(i)}, {"fixture", bmcs_[i].bmc->fixture_name()}});
    }
    write_json(res, 200, list);
  });
  control_->Get(R"(/control/bmc/(\d+)/stats)", [this](const httplib::Request& req, httplib::Response& res) {
    const auto index = std::stoul(req.matches[1].str());
    if (index >= bmcs_.size()) {
      write_json(res, 404, {{"error", "no such BMC"}});
      return;
    }
    write_json(res, 200, bmcs_[index].bmc->stats());
  });
  control_->Post(
      R"(/control/bmc/(\d+|all)/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
        const json body = req.body.empty() ? json::object() : json::parse(req.body, nullptr, false);
        if (body.is_discarded()) {
          write_json(res, 400, {{"error", "body is not JSON"}});
          return;
        }
        std::vector<VirtualBmc*> targets;
        if (req.matches[1] == "all") {
          for (auto& hosted : bmcs_) {
            targets.push_back(hosted.bmc.get());
          }
        } else if (const auto index = std::stoul(req.matches[1].str()); index < bmcs_.size()) {
          targets.push_back(bmcs_[index].bmc.get());
        } else {
          write_json(res, 404, {{"error", "no such BMC"}});
          return;
        }
        try {
          json result;
          for (auto* bmc : targets) {
            result = apply_control(*bmc, req.matches[2].str(), body);
          }
          write_json(res, 200, result);
        } catch (const std::invalid_argument& e) {
          write_json(res, 400, {{"error", e.what()}});
        }
      });
  control_port_ =
      options_.control_port == 0
          ? control_->bind_to_any_port(options_.control_host)
          : (control_->bind_to_port(options_.control_host, options_.control_port) ? options_.control_port
                                                                                  : -1);
  if (control_port_ <= 0) {
    throw std::runtime_error("cannot listen on " + options_.control_host + ":" +
                             std::to_string(options_.control_port) + " (control)");
  }
  control_thread_ = std::thread([this] { control_->listen_after_bind(); });
  wait_running(*control_);
}

void SimServer::stop() {
  {
    std::lock_guard lock(stop_mutex_);
    if (stopping_ || !started_) {
      stopping_ = true;
      return;
    }
    stopping_ = true;
  }
  stop_cv_.notify_all();
  for (auto& hosted : bmcs_) {
    if (hosted.server) {
      hosted.server->stop();
    }
  }
  if (control_) {
    control_->stop();
  }
  for (auto& hosted : bmcs_) {
    if (hosted.thread.joinable()) {
      hosted.thread.join();
    }
  }
  if (control_thread_.joinable()) {
    control_thread_.join();
  }
}

std::string SimServer::url(std::size_t index) const {
  const auto& hosted = bmcs_.at(index);
  return std::string(options_.tls ? "https://" : "http://") + hosted.host + ":" + std::to_string(hosted.port);
}

std::string SimServer::control_url() const {
  return "http://" + options_.control_host + ":" + std::to_string(control_port_);
}

std::string SimServer::certificate_pem() const {
  return certificate_ ? certificate_->certificate_pem() : "";
}

}  // namespace dcm::test::redfish_sim
