// redfish-sim: simulated Redfish BMCs for tests and benchmarks (docs/ipmi-monitor/redfish.md). Prints one
// line per endpoint and then "ready N"; runs until SIGTERM or SIGINT.
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "core/cli/endpoint.hpp"
#include "core/sys/shutdown_signal.hpp"
#include "tests/tools/redfish_sim/sim_server.hpp"

int main(int argc, char** argv) {
  using namespace dcm::test::redfish_sim;
  const dcm::core::sys::ShutdownSignal signals;  // before any thread starts

  CLI::App app{"redfish-sim: serves Redfish fixture trees as simulated BMCs on loopback (for tests)"};
  SimOptions options;
  std::vector<std::string> fixtures;
  std::string listen = "127.0.0.1:0";
  std::string control = "127.0.0.1:0";
  int delay_ms = 0;
  bool no_sessions = false;
  bool no_basic = false;
  std::string cert_out;
  app.add_option("--fixture", fixtures, "fixture folder (repeatable; BMC i serves fixture i mod n)")
      ->required()
      ->check(CLI::ExistingDirectory);
  app.add_option("--count", options.count, "number of simulated BMCs")->check(CLI::Range(1, 100000));
  app.add_option("--listen", listen,
                 "HOST:PORT of the first BMC; port 0 puts every BMC on HOST at a port the kernel picks, "
                 "another port puts BMC i on HOST+i at that port (127.0.0.0/8 only)");
  app.add_option("--control", control, "HOST:PORT of the control endpoint");
  app.add_flag("--tls", options.tls, "serve HTTPS with a self-signed certificate made at start-up");
  app.add_option("--cert-out", cert_out, "write the certificate (PEM) to this file");
  app.add_option("--threads-per-bmc", options.threads_per_bmc, "worker threads of each BMC's server")
      ->check(CLI::Range(1, 64));
  app.add_option("--page-size", options.page_size, "members per collection page (0: no paging)")
      ->check(CLI::Range(0, 100000));
  app.add_option("--delay-ms", delay_ms, "delay before every answer")->check(CLI::Range(0, 600000));
  app.add_flag("--no-sessions", no_sessions, "refuse session login (POST .../Sessions answers 405)");
  app.add_flag("--no-basic-auth", no_basic, "accept X-Auth-Token only");
  CLI11_PARSE(app, argc, argv);

  try {
    for (const auto& dir : fixtures) {
      options.fixtures.emplace_back(dir);
    }
    const auto bmc_endpoint = dcm::core::cli::parse_endpoint(listen);
    const auto control_endpoint = dcm::core::cli::parse_endpoint(control);
    options.host = bmc_endpoint.host;
    options.port = bmc_endpoint.port;
    options.control_host = control_endpoint.host;
    options.control_port = control_endpoint.port;
    options.delay = std::chrono::milliseconds(delay_ms);
    options.sessions = !no_sessions;
    options.basic_auth = !no_basic;

    SimServer sim(options);
    sim.start();
    if (!cert_out.empty()) {
      std::ofstream(cert_out) << sim.certificate_pem();
    }
    std::printf("control %s\n", sim.control_url().c_str());
    for (std::size_t i = 0; i < sim.size(); ++i) {
      std::printf("bmc %zu %s %s\n", i, sim.url(i).c_str(), sim.bmc(i).fixture_name().c_str());
    }
    std::printf("ready %zu\n", sim.size());
    std::fflush(stdout);
    while (signals.wait() == SIGHUP) {
    }
    sim.stop();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "redfish-sim: %s\n", e.what());
    return 1;
  }
  return 0;
}
