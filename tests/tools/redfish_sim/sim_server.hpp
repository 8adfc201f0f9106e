// Many virtual BMCs in one process: each VirtualBmc gets its own cpp-httplib server (HTTP, or HTTPS with the
// process's self-signed certificate) on its own port of one loopback address, or on consecutive loopback
// addresses with one port, plus one control server (control_api.hpp). Each BMC server runs a listener
// thread and a small worker pool, so a thousand BMCs fit on a two-core machine.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/tools/redfish_sim/tls_certificate.hpp"
#include "tests/tools/redfish_sim/virtual_bmc.hpp"

namespace httplib {
class Server;
}

namespace dcm::test::redfish_sim {

struct SimOptions {
  std::vector<std::filesystem::path> fixtures;  // BMC i serves fixtures[i % fixtures.size()]
  int count = 1;
  // Port 0: every BMC on `host`, each on a port the kernel picks. Another port: BMC i on host + i (the
  // next loopback addresses), all on that port. Only 127.0.0.0/8 is accepted.
  std::string host = "127.0.0.1";
  int port = 0;
  bool tls = false;
  int threads_per_bmc = 2;
  int page_size = 50;
  std::chrono::milliseconds delay{0};
  bool sessions = true;
  bool basic_auth = true;
  std::string control_host = "127.0.0.1";
  int control_port = 0;
};

class SimServer {
 public:
  // Loads the fixtures and makes the BMCs; throws std::runtime_error on a bad fixture or address.
  explicit SimServer(SimOptions options);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Binds every BMC and the control server and starts serving; throws std::runtime_error naming the
  // address that could not be bound.
  void start();
  // Stops every server, waking delayed answers, and joins the threads. Safe to call twice.
  void stop();

  std::size_t size() const { return bmcs_.size(); }
  VirtualBmc& bmc(std::size_t index) { return *bmcs_.at(index).bmc; }
  std::string url(std::size_t index) const;  // "https://127.0.0.1:PORT"
  std::string control_url() const;
  std::string certificate_pem() const;  // empty without TLS

 private:
  struct Hosted {
    std::unique_ptr<VirtualBmc> bmc;
    std::string host;
    int port = 0;
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
  };
  void serve(Hosted& hosted);
  void wait_delay(std::chrono::milliseconds delay);

  SimOptions options_;
  std::unique_ptr<TlsCertificate> certificate_;
  std::vector<Hosted> bmcs_;
  std::unique_ptr<httplib::Server> control_;
  std::thread control_thread_;
  int control_port_ = 0;
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  bool started_ = false;
};

}  // namespace dcm::test::redfish_sim
