// Every sensor of one BMC over IPMI 2.0 lanplus, read and interpreted by FreeIPMI's libipmimonitoring:
// value and unit for readings, and a state (nominal / warning / critical) from FreeIPMI's sensor
// interpretation of thresholds and discrete states. libipmimonitoring opens its own session per scan (its
// API takes a host, not a context) and keeps its SDR cache in the BMC's cache directory, in the file that
// sdr_cache.hpp reads too.
//
// Why not src/exporter/collectors/ipmi_sensor_reader: that reader serves the exporter's two temperature
// metrics (temperatures only, in-band or LAN, privilege USER, errors as strings). The monitor needs every
// sensor type, states, per-BMC cipher suite / privilege / workaround flags, and BmcError kinds; sharing
// would mean a new common piece in core that depends on FreeIPMI, for ~60 lines of glue.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "ipmi/bmc/ipmi_session.hpp"
#include "ipmi/bmc/workaround_flags.hpp"
#include "ipmi/model.hpp"

struct ipmi_monitoring_ctx;

namespace dcm::ipmi::bmc {

class IpmiSensorScan {
 public:
  // `session` supplies host, credentials, privilege, cipher suite and timeout; `sdr_cache_dir` must exist.
  IpmiSensorScan(const SessionSettings& session, const WorkaroundFlags& flags,
                 std::filesystem::path sdr_cache_dir);
  ~IpmiSensorScan();
  IpmiSensorScan(const IpmiSensorScan&) = delete;
  IpmiSensorScan& operator=(const IpmiSensorScan&) = delete;

  // Throws BmcError.
  std::vector<SensorReading> read();

 private:
  SessionSettings session_;
  WorkaroundFlags flags_;
  std::filesystem::path sdr_cache_dir_;
  ipmi_monitoring_ctx* ctx_ = nullptr;
};

// libipmimonitoring's sensor state and units in the model's words.
SensorState sensor_state_from_monitoring(int state);
// A threshold sensor's state from the comparison bits the BMC returns with its reading (bit 0 lower
// non-critical, 1 lower critical, 2 lower non-recoverable, 3-5 the same upper ones): a non-critical
// threshold crossed is a warning, critical or non-recoverable is critical. FreeIPMI's default sensor
// interpretation calls a crossed non-critical threshold "nominal", which would hide exactly the early
// warnings an operator wants (ipmitool shows them as "nc"); the worse of the two states wins, and a sensor
// FreeIPMI cannot interpret stays unknown.
SensorState threshold_sensor_state(int monitoring_state, unsigned threshold_bits);
std::string unit_from_monitoring(int units);

}  // namespace dcm::ipmi::bmc
