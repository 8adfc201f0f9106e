// Reads a BMC's temperature sensors with FreeIPMI's libipmimonitoring, in-process: in-band through the
// kernel's OpenIPMI device (/dev/ipmi0, modules ipmi_si + ipmi_devintf) or over LAN with IPMI 2.0 (lanplus).
// One reader per BMC, used from one thread at a time. Every LAN request runs under a session timeout, so a
// silent or unreachable BMC fails the call instead of hanging it.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/collector_context.hpp"

struct ipmi_monitoring_ctx;  // libipmimonitoring's context, kept out of this header

namespace dcm::exporter::collectors {

inline constexpr std::string_view kDefaultIpmiDevice = "/dev/ipmi0";
// Over LAN: give up on a request after this long, resending it every kIpmiRetransmissionTimeout.
inline constexpr std::chrono::milliseconds kIpmiSessionTimeout{5000};
inline constexpr std::chrono::milliseconds kIpmiRetransmissionTimeout{1000};

enum class TemperatureUnit { kCelsius, kFahrenheit, kOther };

// One temperature sensor as the BMC reported it.
struct TemperatureReading {
  std::string name;  // the SDR's ID string: the sensor's name as the BMC gives it
  TemperatureUnit unit = TemperatureUnit::kCelsius;
  std::optional<double> value;  // none: no reading (sensor absent, scanning disabled, reading unavailable)
};

struct TemperatureScan {
  std::vector<TemperatureReading> readings;
  std::string error;       // empty on success, else "<bmc>: <what failed>" (never the password)
  bool no_device = false;  // in-band and the device node does not exist: this machine has no local BMC
};

class IpmiSensorReader {
 public:
  explicit IpmiSensorReader(IpmiTarget target);
  ~IpmiSensorReader();
  IpmiSensorReader(const IpmiSensorReader&) = delete;
  IpmiSensorReader& operator=(const IpmiSensorReader&) = delete;

  // "HOST:PORT" over LAN, the device path in-band.
  const std::string& bmc() const { return bmc_; }
  TemperatureScan read_temperatures();

 private:
  IpmiTarget target_;
  std::string bmc_;
  std::filesystem::path sdr_cache_dir_;  // private scratch directory for FreeIPMI's SDR cache
  ipmi_monitoring_ctx* ctx_ = nullptr;
  std::string setup_error_;
};

// What the operator can do about a libipmimonitoring error (IPMI_MONITORING_ERR_*), to append to FreeIPMI's
// own message; empty when there is nothing useful to add.
std::string ipmi_error_hint(int monitoring_errnum, bool over_lan);

}  // namespace dcm::exporter::collectors
