// Real exporters on 127.0.0.1 acting as a GPU fleet for dc-overview's integration tests: dc-exporter
// instances on the eight-GPU fixture (the NVML shim, BAR and sysfs fixtures), the first of them reading its
// inlet and exhaust temperatures from an ipmi_sim BMC, and Debian's prometheus-node-exporter.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/ipmi_sim.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {

class LoopbackFleet {
 public:
  struct Options {
    int dc_exporters = 2;
    bool bmc = true;  // the first dc-exporter reads IPMI_INLET_TEMP/IPMI_EXHAUST_TEMP from ipmi_sim
  };

  // Starts everything and waits until each exporter answers /metrics; ADD_FAILUREs with their logs when
  // one does not (check setup_ok()).
  explicit LoopbackFleet(Options options);

  bool setup_ok() const { return ok_; }
  int dc_exporter_port(std::size_t index) const { return dc_ports_.at(index); }
  int node_exporter_port() const { return node_port_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::unique_ptr<IpmiSim> bmc_;
  std::vector<std::unique_ptr<ChildProcess>> dc_exporters_;
  std::vector<int> dc_ports_;
  std::unique_ptr<ChildProcess> node_exporter_;
  int node_port_ = 0;
  bool ok_ = true;
};

// An instant query against a Prometheus on 127.0.0.1:port; nullopt when it does not answer "success".
std::optional<std::string> prometheus_query(int port, const std::string& promql);
std::string url_encode(const std::string& text);

}  // namespace dcm::test
