// tests/tools/redfish_sim as a real process for tests: `redfish-sim` from the build's bin directory with
// fixture trees from tests/fixtures/ipmi/redfish, on loopback ports the kernel picks, plus its control
// endpoint (tests/tools/redfish_sim/control_api.hpp) for turning knobs while a client runs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/process.hpp"

namespace dcm::test {

class RedfishSimProcess {
 public:
  // fixtures: names under tests/fixtures/ipmi/redfish ("dell_idrac_like"); BMC i serves fixtures[i % n].
  // Returns once the simulator printed "ready"; throws std::runtime_error with its stderr otherwise.
  RedfishSimProcess(const std::vector<std::string>& fixtures, int count = 1,
                    const std::vector<std::string>& extra_args = {});
  RedfishSimProcess(const RedfishSimProcess&) = delete;
  RedfishSimProcess& operator=(const RedfishSimProcess&) = delete;

  std::size_t size() const { return urls_.size(); }
  const std::string& url(std::size_t index) const { return urls_.at(index); }
  // POST /control/bmc/{bmc}/{verb}; bmc is an index or "all". Throws when the answer is not 200.
  nlohmann::json control(const std::string& bmc, const std::string& verb, const nlohmann::json& body = {});
  nlohmann::json stats(std::size_t index);

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string control_host_;
  int control_port_ = 0;
  std::vector<std::string> urls_;
};

}  // namespace dcm::test
