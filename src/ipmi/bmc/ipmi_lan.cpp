#include "ipmi/bmc/ipmi_lan.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <freeipmi/freeipmi.h>

#include "ipmi/bmc/sdr_cache.hpp"
#include "ipmi/sel/incremental_sel.hpp"
#include "ipmi/sel/sel_record.hpp"

namespace dcm::ipmi::bmc {
namespace {

constexpr int kIpmiPort = 623;
constexpr std::uint8_t kRecordNotPresent = IPMI_COMP_CODE_REQUESTED_SENSOR_DATA_OR_RECORD_NOT_PRESENT;
constexpr std::uint8_t kReadWholeRecord = 0xFF;
// Get SEL Info: "no addition / erase ever" is 0xFFFFFFFF in the spec; ipmi_sim (and some BMCs) say 0.
constexpr std::uint32_t kNoTimestamp = 0xFFFFFFFF;
constexpr std::int16_t kUtcOffsetUnspecified = 0x07FF;
constexpr auto kUtcOffsetRefresh = std::chrono::hours(1);

std::optional<std::uint32_t> sel_timestamp(std::optional<std::uint64_t> value) {
  if (!value || *value == kNoTimestamp || *value == 0) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(*value);
}

// "10.0.0.11_623": a directory name for one BMC, whatever characters its host name holds.
std::string cache_dir_name(const ServerConfig& config) {
  std::string name =
      config.bmc_host + "_" + std::to_string(config.bmc_port == 0 ? kIpmiPort : config.bmc_port);
  for (char& c : name) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '_';
    if (!safe) {
      c = '_';
    }
  }
  return name;
}

std::filesystem::path make_private_dir(std::string& error) {
  std::error_code ec;
  auto base = std::filesystem::temp_directory_path(ec);
  if (ec) {
    base = "/tmp";
  }
  std::string pattern = (base / "ipmi-monitor-sdr-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    error = "cannot create an SDR cache directory in " + base.string() + ": " + std::strerror(errno);
    return {};
  }
  return pattern;
}

// Get SEL Info / Get SEL Entry on the client's session, counting what it transfers.
class SessionSelSource final : public sel::SelSource {
 public:
  SessionSelSource(IpmiSession& session, const std::function<SelInfo()>& info,
                   const std::function<void(std::string_view, std::uint8_t)>& completion_failure)
      : session_(session), info_(info), completion_failure_(completion_failure) {}

  SelInfo info() override { return info_(); }
  // Records received, also when a read fails half-way.
  std::size_t transferred() const { return transferred_; }

  std::optional<sel::RawSelEntry> entry(std::uint16_t record_id) override {
    FiidObject response(tmpl_cmd_get_sel_entry_rs);
    const auto code = session_.run(
        "Get SEL Entry",
        [record_id](ipmi_ctx_t ctx, fiid_obj_t rs) {
          return ipmi_cmd_get_sel_entry(ctx, 0, record_id, 0, kReadWholeRecord, rs);
        },
        response);
    if (code == kRecordNotPresent) {
      return std::nullopt;
    }
    if (code) {
      completion_failure_("Get SEL Entry", *code);
    }
    ++transferred_;
    const std::string data = response.bytes("record_data");
    const auto next = response.field("next_record_id");
    if (data.size() != sel::kSelRecordSize || !next) {
      throw BmcError(BmcError::Kind::kProtocol, "Get SEL Entry for record " + std::to_string(record_id) +
                                                    " returned " + std::to_string(data.size()) +
                                                    " record bytes (expected 16)");
    }
    sel::RawSelEntry entry;
    std::memcpy(entry.bytes.data(), data.data(), entry.bytes.size());
    entry.record_id = static_cast<std::uint16_t>(entry.bytes[0] | (entry.bytes[1] << 8));
    entry.next_record_id = static_cast<std::uint16_t>(*next);
    return entry;
  }

 private:
  IpmiSession& session_;
  const std::function<SelInfo()>& info_;
  const std::function<void(std::string_view, std::uint8_t)>& completion_failure_;
  std::size_t transferred_ = 0;
};

}  // namespace

std::string freeipmi_host(const ServerConfig& config) {
  const bool v6 = config.bmc_host.find(':') != std::string::npos;
  if (config.bmc_port == 0 || config.bmc_port == kIpmiPort) {
    return config.bmc_host;
  }
  return (v6 ? "[" + config.bmc_host + "]" : config.bmc_host) + ":" + std::to_string(config.bmc_port);
}

std::string ipmi_config_problem(const ServerConfig& config) {
  if (config.bmc_host.empty()) {
    return "no BMC address";
  }
  if (config.bmc_port < 0 || config.bmc_port > 65535) {
    return "BMC port " + std::to_string(config.bmc_port) + " is out of range";
  }
  if (config.cipher_suite < 0 || config.cipher_suite > 0xFF ||
      !IPMI_CIPHER_SUITE_ID_SUPPORTED(static_cast<unsigned>(config.cipher_suite))) {
    return "cipher suite " + std::to_string(config.cipher_suite) +
           " is not one FreeIPMI supports (0-3, 6-8, 11-12, 15-17)";
  }
  if (config.user.size() > kIpmiMaxUserLength) {
    return "the BMC user name is " + std::to_string(config.user.size()) +
           " characters long; IPMI allows at most " + std::to_string(kIpmiMaxUserLength);
  }
  if (config.password.size() > kIpmiMaxPasswordLength) {
    return "the BMC password is " + std::to_string(config.password.size()) +
           " characters long; IPMI 2.0 allows at most " + std::to_string(kIpmiMaxPasswordLength);
  }
  if (config.timeout.count() <= 0) {
    return "timeout must be positive";
  }
  try {
    parse_workaround_flags(config.workaround_flags);
  } catch (const WorkaroundFlagError& error) {
    return error.what();
  }
  return {};
}

IpmiLanClient::IpmiLanClient(ServerConfig config, const core::sys::Clock& clock, IpmiLanOptions options)
    : config_(std::move(config)), clock_(clock), options_(std::move(options)) {
  problem_ = ipmi_config_problem(config_);
  if (!problem_.empty()) {
    return;
  }
  flags_ = parse_workaround_flags(config_.workaround_flags);
  if (options_.sdr_cache_root.empty()) {
    sdr_cache_dir_ = make_private_dir(problem_);
    owns_sdr_cache_dir_ = problem_.empty();
  } else {
    sdr_cache_dir_ = options_.sdr_cache_root / cache_dir_name(config_);
    std::error_code ec;
    std::filesystem::create_directories(sdr_cache_dir_, ec);
    if (ec) {
      problem_ = "cannot create SDR cache directory " + sdr_cache_dir_.string() + ": " + ec.message();
    }
  }
  if (!problem_.empty()) {
    return;
  }
  SessionSettings settings;
  settings.host = freeipmi_host(config_);
  settings.user = config_.user;
  settings.password = config_.password;
  settings.privilege = config_.privilege;
  settings.cipher_suite = config_.cipher_suite;
  settings.workaround_flags = flags_.session;
  settings.timeout = config_.timeout;
  settings.idle_limit = options_.session_idle_limit;
  sensor_scan_ = std::make_unique<IpmiSensorScan>(settings, flags_, sdr_cache_dir_);
  session_ = std::make_unique<IpmiSession>(std::move(settings), clock_);
}

IpmiLanClient::~IpmiLanClient() {
  session_.reset();
  sensor_scan_.reset();
  if (owns_sdr_cache_dir_) {
    std::error_code ignored;
    std::filesystem::remove_all(sdr_cache_dir_, ignored);
  }
}

void IpmiLanClient::check_usable() const {
  if (!problem_.empty()) {
    throw BmcError(BmcError::Kind::kUnsupported, problem_);
  }
}

void IpmiLanClient::completion_failure(std::string_view operation, std::uint8_t code) const {
  throw completion_code_error(code, session_->failure_context(operation));
}

IpmiLanStats IpmiLanClient::stats() const {
  std::lock_guard lock(stats_mutex_);
  IpmiLanStats stats = stats_;
  stats.sessions_opened = session_ ? session_->sessions_opened() : 0;
  return stats;
}

PowerStatus IpmiLanClient::read_power() {
  std::lock_guard lock(mutex_);
  check_usable();
  PowerStatus status;
  FiidObject chassis(tmpl_cmd_get_chassis_status_rs);
  if (auto code = session_->run("Get Chassis Status", ipmi_cmd_get_chassis_status, chassis)) {
    completion_failure("Get Chassis Status", *code);
  }
  if (auto on = chassis.field("current_power_state.power_is_on")) {
    status.on = *on == 1;
  }

  // DCMI power reading: many BMCs lack it (ipmi_sim does). "Invalid command" means "not here", not an error;
  // such a BMC is asked again after dcmi_retry_interval, in case its firmware changed.
  const auto now = clock_.monotonic();
  if (dcmi_unsupported_since_ && now - *dcmi_unsupported_since_ < options_.dcmi_retry_interval) {
    return status;
  }
  FiidObject power(tmpl_cmd_dcmi_get_power_reading_rs);
  std::optional<std::uint8_t> code;
  try {
    code = session_->run(
        "DCMI Get Power Reading",
        [](ipmi_ctx_t ctx, fiid_obj_t rs) {
          return ipmi_cmd_dcmi_get_power_reading(ctx, IPMI_DCMI_POWER_READING_MODE_SYSTEM_POWER_STATISTICS, 0,
                                                 rs);
        },
        power);
  } catch (const BmcError& error) {
    // A BMC that stopped answering fails the call; one that refuses DCMI (invalid command, or a privilege
    // check as ipmi_sim makes for USER sessions) just has no power reading.
    if (error.kind() == BmcError::Kind::kTimeout || error.kind() == BmcError::Kind::kConnection) {
      throw;
    }
    code = 0xC1;
  }
  if (code) {
    dcmi_unsupported_since_ = now;  // no reading from this BMC for now
    return status;
  }
  dcmi_unsupported_since_.reset();
  const auto active = power.field("power_reading_state.power_measurement");
  const auto watts = power.field("current_power");
  if (active && *active == 1 && watts) {
    status.watts = static_cast<double>(*watts);
  }
  return status;
}

std::vector<SensorReading> IpmiLanClient::read_sensors() {
  std::lock_guard lock(mutex_);
  check_usable();
  // Bring the shared SDR cache up to date first: libipmimonitoring trusts FreeIPMI's timestamp check only.
  sensor_directory_locked();
  return sensor_scan_->read();
}

SelInfo IpmiLanClient::sel_info_locked() {
  FiidObject response(tmpl_cmd_get_sel_info_rs);
  if (auto code = session_->run("Get SEL Info", ipmi_cmd_get_sel_info, response)) {
    completion_failure("Get SEL Info", *code);
  }
  SelInfo info;
  info.entries = static_cast<std::uint32_t>(response.field("entries").value_or(0));
  info.last_add_time = sel_timestamp(response.field("most_recent_addition_timestamp"));
  info.last_erase_time = sel_timestamp(response.field("most_recent_erase_timestamp"));
  return info;
}

SelInfo IpmiLanClient::read_sel_info() {
  std::lock_guard lock(mutex_);
  check_usable();
  return sel_info_locked();
}

const sel::SensorDirectory* IpmiLanClient::sensor_directory_locked() {
  try {
    auto load = load_sensor_directory(*session_, sdr_cache_file(sdr_cache_dir_, freeipmi_host(config_)),
                                      flags_.sdr_cache_create);
    if (load.rebuilt) {
      std::lock_guard stats_lock(stats_mutex_);
      ++stats_.sdr_cache_rebuilds;
    }
    sensors_ = std::move(load.sensors);
  } catch (const BmcError& error) {
    // A BMC that stopped answering fails the read; one without a usable SDR still has its events, named
    // "<sensor type> #<number>".
    if (error.kind() == BmcError::Kind::kTimeout || error.kind() == BmcError::Kind::kAuthentication) {
      throw;
    }
  }
  return &sensors_;
}

std::chrono::minutes IpmiLanClient::utc_offset_locked() {
  const auto now = clock_.monotonic();
  if (utc_offset_ && now - utc_offset_read_ < kUtcOffsetRefresh) {
    return *utc_offset_;
  }
  FiidObject response(tmpl_cmd_get_sel_time_utc_offset_rs);
  std::chrono::minutes offset{0};
  try {
    const auto code = session_->run("Get SEL Time UTC Offset", ipmi_cmd_get_sel_time_utc_offset, response);
    const auto value = response.field("offset");
    if (!code && value) {
      const auto minutes = static_cast<std::int16_t>(*value);
      if (minutes != kUtcOffsetUnspecified && minutes >= -1440 && minutes <= 1440) {
        offset = std::chrono::minutes(minutes);
      }
    }
  } catch (const BmcError& error) {
    if (error.kind() == BmcError::Kind::kTimeout) {
      throw;
    }
    // An IPMI 1.5-era BMC without the command: its SEL time is taken as UTC.
  }
  utc_offset_ = offset;
  utc_offset_read_ = now;
  return offset;
}

std::vector<SelEvent> IpmiLanClient::read_sel(const SelCursor& cursor) {
  std::lock_guard lock(mutex_);
  check_usable();
  const std::function<SelInfo()> info = [this] { return sel_info_locked(); };
  const std::function<void(std::string_view, std::uint8_t)> failure =
      [this](std::string_view op, std::uint8_t code) { completion_failure(op, code); };
  SessionSelSource source(*session_, info, failure);
  sel::SelReadResult result;
  try {
    result = sel::read_new_sel_entries(source, cursor);
  } catch (const BmcError&) {
    std::lock_guard stats_lock(stats_mutex_);
    stats_.sel_records_transferred += source.transferred();
    throw;
  }
  {
    std::lock_guard stats_lock(stats_mutex_);
    stats_.sel_records_transferred += source.transferred();
    stats_.last_sel_read_full = result.full_read;
    stats_.last_full_read_reason = result.full_read_reason;
  }
  if (result.entries.empty()) {
    return {};
  }

  sel::SelDecodeContext context;
  context.received = clock_.now();
  context.sensors = sensor_directory_locked();
  context.utc_offset = utc_offset_locked();
  std::vector<SelEvent> events;
  events.reserve(result.entries.size());
  for (const auto& entry : result.entries) {
    events.push_back(sel::decode_sel_event(sel::parse_sel_record(entry.bytes), context));
  }
  return events;
}

void IpmiLanClient::power_action(const std::string& action) {
  std::lock_guard lock(mutex_);
  check_usable();
  std::uint8_t control = 0;
  if (action == "on") {
    control = IPMI_CHASSIS_CONTROL_POWER_UP;
  } else if (action == "off") {
    control = IPMI_CHASSIS_CONTROL_POWER_DOWN;
  } else if (action == "cycle") {
    control = IPMI_CHASSIS_CONTROL_POWER_CYCLE;
  } else if (action == "reset") {
    control = IPMI_CHASSIS_CONTROL_HARD_RESET;
  } else {
    throw BmcError(BmcError::Kind::kUnsupported,
                   "unknown power action \"" + action + "\" (expected on, off, cycle or reset)");
  }
  FiidObject response(tmpl_cmd_chassis_control_rs);
  const std::string operation = "Chassis Control (power " + action + ")";
  if (auto code = session_->run(
          operation,
          [control](ipmi_ctx_t ctx, fiid_obj_t rs) { return ipmi_cmd_chassis_control(ctx, control, rs); },
          response)) {
    completion_failure(operation, *code);
  }
}

}  // namespace dcm::ipmi::bmc
