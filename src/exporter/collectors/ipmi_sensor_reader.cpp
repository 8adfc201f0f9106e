#include "exporter/collectors/ipmi_sensor_reader.hpp"

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <system_error>

#include <ipmi_monitoring.h>

namespace dcm::exporter::collectors {
namespace {

// libipmimonitoring must be initialised once per process before any thread uses it; the collector table
// builds readers on the main thread before collector threads start.
std::string initialise_library() {
  static std::once_flag once;
  static std::string error;
  std::call_once(once, [] {
    int errnum = 0;
    if (ipmi_monitoring_init(0, &errnum) < 0) {
      error = std::string("libipmimonitoring initialisation failed: ") + ipmi_monitoring_ctx_strerror(errnum);
    }
  });
  return error;
}

std::string lan_host(const IpmiTarget& target) {
  // FreeIPMI takes "host:port", with IPv6 addresses in brackets.
  const bool v6 = target.host.find(':') != std::string::npos;
  return (v6 ? "[" + target.host + "]" : target.host) + ":" + std::to_string(target.port);
}

constexpr std::size_t kIpmiMaxUserLength = 16;
constexpr std::size_t kIpmi20MaxPasswordLength = 20;

std::string device_path(const IpmiTarget& target) {
  return target.device.empty() ? std::string(kDefaultIpmiDevice) : target.device;
}

// A private directory for the SDR cache: FreeIPMI's default (/var/cache/...) needs root, and a directory
// shared between exporters would mix BMCs that share a host name (ipmi_sim on several ports of 127.0.0.1).
std::filesystem::path make_cache_dir(std::string& error) {
  std::error_code ec;
  auto base = std::filesystem::temp_directory_path(ec);
  if (ec) {
    base = "/tmp";
  }
  std::string pattern = (base / "dc-exporter-sdr-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    error = "cannot create an SDR cache directory in " + base.string() + ": " + std::strerror(errno);
    return {};
  }
  return pattern;
}

TemperatureUnit unit_of(int units) {
  switch (units) {
    case IPMI_MONITORING_SENSOR_UNITS_CELSIUS:
      return TemperatureUnit::kCelsius;
    case IPMI_MONITORING_SENSOR_UNITS_FAHRENHEIT:
      return TemperatureUnit::kFahrenheit;
    default:
      return TemperatureUnit::kOther;
  }
}

std::optional<double> value_of(int reading_type, const void* reading) {
  if (reading == nullptr) {
    return std::nullopt;  // libipmimonitoring's "no reading available"
  }
  if (reading_type == IPMI_MONITORING_SENSOR_READING_TYPE_DOUBLE) {
    return *static_cast<const double*>(reading);
  }
  if (reading_type == IPMI_MONITORING_SENSOR_READING_TYPE_UNSIGNED_INTEGER32) {
    return static_cast<double>(*static_cast<const std::uint32_t*>(reading));
  }
  return std::nullopt;
}

}  // namespace

IpmiSensorReader::IpmiSensorReader(IpmiTarget target) : target_(std::move(target)) {
  bmc_ = target_.host.empty() ? device_path(target_) : lan_host(target_);
  setup_error_ = initialise_library();
  if (!setup_error_.empty()) {
    return;
  }
  sdr_cache_dir_ = make_cache_dir(setup_error_);
  if (!setup_error_.empty()) {
    return;
  }
  ctx_ = ipmi_monitoring_ctx_create();
  if (ctx_ == nullptr) {
    setup_error_ = "cannot create a libipmimonitoring context (out of memory)";
    return;
  }
  if (ipmi_monitoring_ctx_sdr_cache_directory(ctx_, sdr_cache_dir_.c_str()) < 0) {
    setup_error_ = "cannot use SDR cache directory " + sdr_cache_dir_.string() + ": " +
                   ipmi_monitoring_ctx_errormsg(ctx_);
  }
}

IpmiSensorReader::~IpmiSensorReader() {
  if (ctx_ != nullptr) {
    ipmi_monitoring_ctx_destroy(ctx_);
  }
  if (!sdr_cache_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(sdr_cache_dir_, ignored);
  }
}

TemperatureScan IpmiSensorReader::read_temperatures() {
  TemperatureScan scan;
  if (!setup_error_.empty()) {
    scan.error = bmc_ + ": " + setup_error_;
    return scan;
  }
  const bool over_lan = !target_.host.empty();
  std::string device = device_path(target_);
  if (!over_lan) {
    std::error_code ec;
    if (!std::filesystem::exists(device, ec)) {
      scan.no_device = true;
      scan.error = "no local BMC (" + device + " absent; load ipmi_si/ipmi_devintf)";
      return scan;
    }
  }

  ipmi_monitoring_ipmi_config config{};
  // -1 selects libipmimonitoring's default for a field.
  config.driver_type = -1;
  config.protocol_version = -1;
  config.privilege_level = -1;
  config.authentication_type = -1;
  config.cipher_suite_id = -1;
  config.session_timeout_len = static_cast<int>(kIpmiSessionTimeout.count());
  config.retransmission_timeout_len = static_cast<int>(kIpmiRetransmissionTimeout.count());
  std::string host;
  if (over_lan) {
    // FreeIPMI answers overlong credentials with a bare "invalid parameters"; say what is wrong instead.
    if (target_.user.size() > kIpmiMaxUserLength) {
      scan.error = bmc_ + ": the BMC user name is " + std::to_string(target_.user.size()) +
                   " characters long; IPMI allows at most " + std::to_string(kIpmiMaxUserLength);
      return scan;
    }
    if (target_.password.size() > kIpmi20MaxPasswordLength) {
      scan.error = bmc_ + ": the BMC password is " + std::to_string(target_.password.size()) +
                   " characters long; IPMI 2.0 allows at most " + std::to_string(kIpmi20MaxPasswordLength);
      return scan;
    }
    host = bmc_;
    config.protocol_version = IPMI_MONITORING_PROTOCOL_VERSION_2_0;
    config.username = target_.user.empty() ? nullptr : target_.user.data();
    config.password = target_.password.empty() ? nullptr : target_.password.data();
    config.privilege_level = IPMI_MONITORING_PRIVILEGE_LEVEL_USER;  // enough to read sensors
    // Ask for the session's privilege in the RMCP+ Open Session request, as ipmitool does, instead of 0
    // ("highest available"): BMCs that answer 0 there (ipmi_sim, several vendors) otherwise fail the session
    // with "privilege level cannot be obtained".
    config.workaround_flags = IPMI_MONITORING_WORKAROUND_FLAGS_PROTOCOL_VERSION_2_0_OPEN_SESSION_PRIVILEGE;
  } else {
    // The kernel's OpenIPMI device only: no probing of KCS/SSIF I/O ports behind the driver's back.
    config.driver_type = IPMI_MONITORING_DRIVER_TYPE_OPENIPMI;
    config.driver_device = device.data();
  }

  std::array<unsigned int, 1> types{IPMI_MONITORING_SENSOR_TYPE_TEMPERATURE};
  const int count = ipmi_monitoring_sensor_readings_by_sensor_type(
      ctx_, over_lan ? host.c_str() : nullptr, &config, 0, types.data(),
      static_cast<unsigned int>(types.size()), nullptr, nullptr);
  if (count < 0) {
    const int errnum = ipmi_monitoring_ctx_errnum(ctx_);
    scan.error = bmc_ + ": reading temperature sensors failed: " + ipmi_monitoring_ctx_errormsg(ctx_) +
                 ipmi_error_hint(errnum, over_lan);
    if (errnum == IPMI_MONITORING_ERR_SDR_CACHE_PERMISSION ||
        errnum == IPMI_MONITORING_ERR_SDR_CACHE_FILESYSTEM) {
      scan.error += " (SDR cache directory " + sdr_cache_dir_.string() + ")";
    }
    return scan;
  }

  ipmi_monitoring_sensor_iterator_first(ctx_);
  for (int i = 0; i < count; ++i, ipmi_monitoring_sensor_iterator_next(ctx_)) {
    if (ipmi_monitoring_sensor_read_sensor_type(ctx_) != IPMI_MONITORING_SENSOR_TYPE_TEMPERATURE) {
      continue;
    }
    const char* name = ipmi_monitoring_sensor_read_sensor_name(ctx_);
    TemperatureReading reading;
    reading.name = name == nullptr ? std::string() : std::string(name);
    reading.unit = unit_of(ipmi_monitoring_sensor_read_sensor_units(ctx_));
    reading.value = value_of(ipmi_monitoring_sensor_read_sensor_reading_type(ctx_),
                             ipmi_monitoring_sensor_read_sensor_reading(ctx_));
    scan.readings.push_back(std::move(reading));
  }
  ipmi_monitoring_sensor_iterator_destroy(ctx_);
  return scan;
}

std::string ipmi_error_hint(int monitoring_errnum, bool over_lan) {
  switch (monitoring_errnum) {
    case IPMI_MONITORING_ERR_CONNECTION_TIMEOUT:
    case IPMI_MONITORING_ERR_SESSION_TIMEOUT:
      return over_lan ? " (no answer within " + std::to_string(kIpmiSessionTimeout.count() / 1000) +
                            " s: is the BMC reachable, on this port, with IPMI over LAN enabled?)"
                      : std::string();
    case IPMI_MONITORING_ERR_USERNAME_INVALID:
    case IPMI_MONITORING_ERR_PASSWORD_INVALID:
    case IPMI_MONITORING_ERR_K_G_INVALID:
      return " (check IPMI_USER and IPMI_PASS or --ipmi-password-file)";
    case IPMI_MONITORING_ERR_PRIVILEGE_LEVEL_INSUFFICIENT:
    case IPMI_MONITORING_ERR_PRIVILEGEL_LEVEL_CANNOT_BE_OBTAINED:
      return " (the BMC user needs at least USER privilege)";
    case IPMI_MONITORING_ERR_IPMI_2_0_UNAVAILABLE:
      return " (the BMC does not offer IPMI 2.0 / lanplus)";
    case IPMI_MONITORING_ERR_PERMISSION:
      return over_lan ? std::string() : " (dc-exporter needs root to use the IPMI device)";
    case IPMI_MONITORING_ERR_BMC_BUSY:
      return " (tried again next interval)";
    default:
      return {};
  }
}

}  // namespace dcm::exporter::collectors
