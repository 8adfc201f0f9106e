#include "tests/integration/overview/loopback_fleet.hpp"

#include <gtest/gtest.h>

#include "tests/support/fixture_tree.hpp"
#include "tests/support/nvml_shim/nvml_shim_paths.hpp"

namespace dcm::test {
namespace {

// Every GPU metric on, GPU_TEMP and POWER_USAGE included (a worker without dcgm-exporter), one-second
// collection.
constexpr const char* kConfig = R"ini([agent]
machine_id=auto
interval=1

[gpu]
enabled=1
DCGM_FI_DEV_VRAM_TEMP
DCGM_FI_DEV_HOT_SPOT_TEMP
DCGM_FI_DEV_FAN_SPEED
DCGM_FI_DEV_CLOCKS_THROTTLE_REASON
GPU_AER_TOTAL_ERRORS
GPU_AER_ERROR_STATE
DCGM_FI_DEV_GPU_TEMP
DCGM_FI_DEV_POWER_USAGE

[system]
enabled=1
SYS_LOAD_AVG
SYS_CPU_USAGE
SYS_MEM_USED

[ipmi]
enabled=1
IPMI_INLET_TEMP
IPMI_EXHAUST_TEMP
)ini";

}  // namespace

LoopbackFleet::LoopbackFleet(Options options) {
  if (options.bmc) {
    if (auto missing = missing_ipmi_sim_tools(); !missing.empty()) {
      ADD_FAILURE() << missing;
      ok_ = false;
      return;
    }
    bmc_ = std::make_unique<IpmiSim>(fixture_path("exporter/ipmi_sim"));
  }
  materialize_fixture(fixture_path("exporter/eight_gpus"), dir_ / "fixture");
  write_file(dir_ / "config.ini", kConfig);
  for (int i = 0; i < options.dc_exporters; ++i) {
    const int port = free_port();
    std::vector<std::string> argv = {binary_path("dc-exporter").string(),
                                     "--config",
                                     (dir_ / "config.ini").string(),
                                     "--listen",
                                     "127.0.0.1:" + std::to_string(port),
                                     "--sysfs-root",
                                     (dir_ / "fixture/sysfs").string(),
                                     "--procfs-root",
                                     (dir_ / "fixture/procfs").string(),
                                     "--nvml-lib",
                                     nvml_shim_path().string()};
    std::map<std::string, std::string> env = {{kNvmlShimConfigEnv, (dir_ / "fixture/nvml.json").string()}};
    if (i == 0 && bmc_) {
      argv.insert(argv.end(), {"--ipmi-host", bmc_->endpoint()});
      env["IPMI_USER"] = kIpmiSimUser;
      env["IPMI_PASS"] = kIpmiSimPassword;
    } else {
      argv.insert(argv.end(), {"--ipmi-device", (dir_ / "no-ipmi0").string()});
    }
    dc_exporters_.push_back(std::make_unique<ChildProcess>(argv, env));
    dc_ports_.push_back(port);
  }
  node_port_ = free_port();
  node_exporter_ = std::make_unique<ChildProcess>(std::vector<std::string>{
      "prometheus-node-exporter", "--web.listen-address=127.0.0.1:" + std::to_string(node_port_)});
  for (std::size_t i = 0; i < dc_ports_.size(); ++i) {
    if (!wait_for_http("127.0.0.1", dc_ports_[i], "/metrics")) {
      ADD_FAILURE() << "dc-exporter " << i << " did not come up:\n" << dc_exporters_[i]->err();
      ok_ = false;
    }
  }
  if (!wait_for_http("127.0.0.1", node_port_, "/metrics")) {
    ADD_FAILURE() << "prometheus-node-exporter did not come up:\n" << node_exporter_->err();
    ok_ = false;
  }
}

std::string url_encode(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.') {
      out += c;
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", static_cast<unsigned char>(c));
      out += buffer;
    }
  }
  return out;
}

std::optional<std::string> prometheus_query(int port, const std::string& promql) {
  int status = 0;
  auto body = http_get("127.0.0.1", port, "/api/v1/query?query=" + url_encode(promql), &status);
  if (!body || status != 200) {
    return std::nullopt;
  }
  return body;
}

}  // namespace dcm::test
