// `dc-overview check`: validates the fleet file, runs promtool over the generated configuration when both
// are there, reports the seed's pitfalls, and probes every target's /metrics, printing a table of up/down
// with the reason. Exit status 0 when nothing is wrong, 1 otherwise.
#pragma once

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>

namespace dcm::overview {

struct CheckOptions {
  std::filesystem::path fleet_path = "fleet.yaml";
  std::string fleet_name = "fleet.yaml";  // as the operator named it, for messages
  std::filesystem::path out_dir = "generated";
  std::filesystem::path env_path;  // empty: .env beside the fleet file
  bool probe = true;
  std::chrono::milliseconds timeout{5000};
  std::string promtool = "promtool";
};

int run_check(const CheckOptions& options, std::ostream& out);

}  // namespace dcm::overview
