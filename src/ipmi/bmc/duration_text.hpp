// How BMC error messages spell a duration: "300 ms", "5 s", "2.5 s" ("timeout after 5 s").
#pragma once

#include <chrono>
#include <string>

namespace dcm::ipmi::bmc {

std::string describe_duration(std::chrono::milliseconds duration);

}  // namespace dcm::ipmi::bmc
