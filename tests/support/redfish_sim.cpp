#include "tests/support/redfish_sim.hpp"

#include <chrono>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <httplib.h>

#include "tests/support/paths.hpp"

namespace dcm::test {

RedfishSimProcess::RedfishSimProcess(const std::vector<std::string>& fixtures, int count,
                                     const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv{binary_path("redfish-sim").string(), "--count", std::to_string(count)};
  for (const auto& fixture : fixtures) {
    argv.push_back("--fixture");
    argv.push_back(fixture_path("ipmi/redfish/" + fixture).string());
  }
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<ChildProcess>(argv);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string out = process_->out();
    if (out.find("\nready ") != std::string::npos || out.starts_with("ready ")) {
      std::istringstream lines(out);
      std::string line;
      while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string kind, index, url;
        words >> kind;
        if (kind == "control") {
          words >> url;
          const auto colon = url.rfind(':');
          control_host_ = url.substr(7, colon - 7);
          control_port_ = std::stoi(url.substr(colon + 1));
        } else if (kind == "bmc") {
          words >> index >> url;
          urls_.push_back(url);
        }
      }
      return;
    }
    if (!process_->running()) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("redfish-sim did not come up: " + process_->err());
}

nlohmann::json RedfishSimProcess::control(const std::string& bmc, const std::string& verb,
                                          const nlohmann::json& body) {
  httplib::Client client(control_host_, control_port_);
  client.set_read_timeout(60, 0);  // adding thousands of log entries takes a while in a debug build
  const auto payload = body.is_null() ? std::string("{}") : body.dump();
  auto result = client.Post(("/control/bmc/" + bmc + "/" + verb).c_str(), payload, "application/json");
  if (!result || result->status != 200) {
    throw std::runtime_error("redfish-sim control " + verb +
                             " failed: " + (result ? result->body : "no answer"));
  }
  return nlohmann::json::parse(result->body);
}

nlohmann::json RedfishSimProcess::stats(std::size_t index) {
  httplib::Client client(control_host_, control_port_);
  auto result = client.Get(("/control/bmc/" + std::to_string(index) + "/stats").c_str());
  if (!result || result->status != 200) {
    throw std::runtime_error("redfish-sim stats failed");
  }
  return nlohmann::json::parse(result->body);
}

}  // namespace dcm::test
