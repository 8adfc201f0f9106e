#include "ipmi/model.hpp"

namespace dcm::ipmi {

std::string_view to_string(Protocol protocol) {
  switch (protocol) {
    case Protocol::kIpmi:
      return "ipmi";
    case Protocol::kRedfish:
      return "redfish";
    case Protocol::kAuto:
      break;
  }
  return "auto";
}

std::string_view to_string(Privilege privilege) {
  switch (privilege) {
    case Privilege::kUser:
      return "user";
    case Privilege::kOperator:
      return "operator";
    case Privilege::kAdmin:
      break;
  }
  return "admin";
}

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kCritical:
      break;
  }
  return "critical";
}

std::string_view to_string(SensorState state) {
  switch (state) {
    case SensorState::kOk:
      return "ok";
    case SensorState::kWarning:
      return "warning";
    case SensorState::kCritical:
      return "critical";
    case SensorState::kUnknown:
      break;
  }
  return "unknown";
}

std::string ServerConfig::bmc_label() const {
  const int port = bmc_port != 0 ? bmc_port : (protocol == Protocol::kRedfish ? 443 : 623);
  if (bmc_host.find(':') != std::string::npos) {
    return "[" + bmc_host + "]:" + std::to_string(port);
  }
  return bmc_host + ":" + std::to_string(port);
}

}  // namespace dcm::ipmi
