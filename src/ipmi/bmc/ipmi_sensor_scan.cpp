#include "ipmi/bmc/ipmi_sensor_scan.hpp"

#include <mutex>

#include <ipmi_monitoring.h>
#include <ipmi_monitoring_bitmasks.h>

#include "ipmi/bmc/sdr_cache.hpp"
#include "ipmi/sel/event_tables.hpp"

namespace dcm::ipmi::bmc {
namespace {

// libipmimonitoring must be initialised once per process before any context is created; this is the one
// process-wide state the library imposes.
void initialise_library() {
  static std::once_flag once;
  static std::string error;
  std::call_once(once, [] {
    int errnum = 0;
    if (ipmi_monitoring_init(0, &errnum) < 0) {
      error = std::string("libipmimonitoring initialisation failed: ") + ipmi_monitoring_ctx_strerror(errnum);
    }
  });
  if (!error.empty()) {
    throw BmcError(BmcError::Kind::kProtocol, error);
  }
}

int monitoring_privilege(Privilege privilege) {
  switch (privilege) {
    case Privilege::kUser:
      return IPMI_MONITORING_PRIVILEGE_LEVEL_USER;
    case Privilege::kOperator:
      return IPMI_MONITORING_PRIVILEGE_LEVEL_OPERATOR;
    case Privilege::kAdmin:
      break;
  }
  return IPMI_MONITORING_PRIVILEGE_LEVEL_ADMIN;
}

std::optional<double> reading_value(int reading_type, const void* reading) {
  if (reading == nullptr) {
    return std::nullopt;
  }
  if (reading_type == IPMI_MONITORING_SENSOR_READING_TYPE_DOUBLE) {
    return *static_cast<const double*>(reading);
  }
  if (reading_type == IPMI_MONITORING_SENSOR_READING_TYPE_UNSIGNED_INTEGER32) {
    return static_cast<double>(*static_cast<const std::uint32_t*>(reading));
  }
  return std::nullopt;  // discrete: a state bitmask, not a value
}

}  // namespace

SensorState sensor_state_from_monitoring(int state) {
  switch (state) {
    case IPMI_MONITORING_STATE_NOMINAL:
      return SensorState::kOk;
    case IPMI_MONITORING_STATE_WARNING:
      return SensorState::kWarning;
    case IPMI_MONITORING_STATE_CRITICAL:
      return SensorState::kCritical;
    default:
      return SensorState::kUnknown;
  }
}

SensorState threshold_sensor_state(int monitoring_state, unsigned threshold_bits) {
  const SensorState library = sensor_state_from_monitoring(monitoring_state);
  if (library == SensorState::kUnknown) {
    return library;
  }
  constexpr unsigned kNonCritical = 0x01 | 0x08;
  constexpr unsigned kCritical = 0x02 | 0x04 | 0x10 | 0x20;
  const SensorState ours = (threshold_bits & kCritical) != 0      ? SensorState::kCritical
                           : (threshold_bits & kNonCritical) != 0 ? SensorState::kWarning
                                                                  : SensorState::kOk;
  return static_cast<int>(ours) > static_cast<int>(library) ? ours : library;
}

std::string unit_from_monitoring(int units) {
  switch (units) {
    case IPMI_MONITORING_SENSOR_UNITS_CELSIUS:
      return "C";
    case IPMI_MONITORING_SENSOR_UNITS_FAHRENHEIT:
      return "F";
    case IPMI_MONITORING_SENSOR_UNITS_VOLTS:
      return "V";
    case IPMI_MONITORING_SENSOR_UNITS_AMPS:
      return "A";
    case IPMI_MONITORING_SENSOR_UNITS_RPM:
      return "RPM";
    case IPMI_MONITORING_SENSOR_UNITS_WATTS:
      return "W";
    case IPMI_MONITORING_SENSOR_UNITS_PERCENT:
      return "%";
    default:
      return {};
  }
}

IpmiSensorScan::IpmiSensorScan(const SessionSettings& session, const WorkaroundFlags& flags,
                               std::filesystem::path sdr_cache_dir)
    : session_(session), flags_(flags), sdr_cache_dir_(std::move(sdr_cache_dir)) {}

IpmiSensorScan::~IpmiSensorScan() {
  if (ctx_ != nullptr) {
    ipmi_monitoring_ctx_destroy(ctx_);
  }
}

std::vector<SensorReading> IpmiSensorScan::read() {
  if (ctx_ == nullptr) {
    initialise_library();
    ctx_ = ipmi_monitoring_ctx_create();
    if (ctx_ == nullptr) {
      throw BmcError(BmcError::Kind::kProtocol, "out of memory creating a libipmimonitoring context");
    }
    if (ipmi_monitoring_ctx_sdr_cache_directory(ctx_, sdr_cache_dir_.c_str()) < 0 ||
        ipmi_monitoring_ctx_sdr_cache_filenames(ctx_, kSdrCacheFilenameFormat) < 0) {
      const std::string message = ipmi_monitoring_ctx_errormsg(ctx_);
      ipmi_monitoring_ctx_destroy(ctx_);
      ctx_ = nullptr;
      throw BmcError(BmcError::Kind::kConnection,
                     "cannot use SDR cache directory " + sdr_cache_dir_.string() + ": " + message);
    }
  }

  // Copies: libipmimonitoring takes char*, and keeps nothing after the call.
  std::string user = session_.user;
  std::string password = session_.password;
  ipmi_monitoring_ipmi_config config{};
  config.driver_type = -1;
  config.disable_auto_probe = 0;
  config.protocol_version = IPMI_MONITORING_PROTOCOL_VERSION_2_0;
  config.username = user.empty() ? nullptr : user.data();
  config.password = password.empty() ? nullptr : password.data();
  config.privilege_level = monitoring_privilege(session_.privilege);
  config.authentication_type = -1;
  config.cipher_suite_id = session_.cipher_suite;
  config.session_timeout_len = static_cast<int>(session_.timeout.count());
  config.retransmission_timeout_len = static_cast<int>(retransmission_interval(session_.timeout).count());
  config.workaround_flags = flags_.monitoring;

  const unsigned reading_flags = IPMI_MONITORING_SENSOR_READING_FLAGS_SHARED_SENSORS | flags_.sensor_reading;
  const int count = ipmi_monitoring_sensor_readings_by_record_id(ctx_, session_.host.c_str(), &config,
                                                                 reading_flags, nullptr, 0, nullptr, nullptr);
  if (count < 0) {
    const int errnum = ipmi_monitoring_ctx_errnum(ctx_);
    const std::string message = ipmi_monitoring_ctx_errormsg(ctx_);
    if (errnum == IPMI_MONITORING_ERR_SDR_CACHE_PERMISSION ||
        errnum == IPMI_MONITORING_ERR_SDR_CACHE_FILESYSTEM) {
      throw BmcError(
          BmcError::Kind::kConnection,
          "reading sensors failed: " + message + " (SDR cache directory " + sdr_cache_dir_.string() + ")");
    }
    FailureContext context{
        "reading sensors", session_.timeout, session_.cipher_suite, session_.privilege, session_.user,
        session_.host,     message};
    throw make_bmc_error(failure_from_monitoring(errnum), context);
  }

  std::vector<SensorReading> readings;
  readings.reserve(static_cast<std::size_t>(count));
  ipmi_monitoring_sensor_iterator_first(ctx_);
  for (int i = 0; i < count; ++i, ipmi_monitoring_sensor_iterator_next(ctx_)) {
    SensorReading reading;
    const char* name = ipmi_monitoring_sensor_read_sensor_name(ctx_);
    reading.name = name == nullptr ? std::string() : std::string(name);
    const int type = ipmi_monitoring_sensor_read_sensor_type(ctx_);
    reading.type =
        type >= 0 && type <= 0xFF ? sel::sensor_type_name(static_cast<std::uint8_t>(type)) : "Unknown";
    reading.value = reading_value(ipmi_monitoring_sensor_read_sensor_reading_type(ctx_),
                                  ipmi_monitoring_sensor_read_sensor_reading(ctx_));
    reading.unit = reading.value ? unit_from_monitoring(ipmi_monitoring_sensor_read_sensor_units(ctx_)) : "";
    const int state = ipmi_monitoring_sensor_read_sensor_state(ctx_);
    const int bitmask = ipmi_monitoring_sensor_read_sensor_bitmask(ctx_);
    reading.state = ipmi_monitoring_sensor_read_sensor_bitmask_type(ctx_) ==
                                IPMI_MONITORING_SENSOR_BITMASK_TYPE_THRESHOLD &&
                            bitmask >= 0
                        ? threshold_sensor_state(state, static_cast<unsigned>(bitmask))
                        : sensor_state_from_monitoring(state);
    readings.push_back(std::move(reading));
  }
  ipmi_monitoring_sensor_iterator_destroy(ctx_);
  return readings;
}

}  // namespace dcm::ipmi::bmc
