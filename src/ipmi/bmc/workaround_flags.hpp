// FreeIPMI workaround flags by the names FreeIPMI's tools (-W) and prometheus ipmi_exporter use, turned
// into the bit masks that libfreeipmi (sessions) and libipmimonitoring (sessions and sensor reading) take.
// Only flags that mean something for IPMI 2.0 lanplus are accepted: an IPMI 1.5, in-band or SOL flag in
// servers.yaml is a configuration mistake, reported as such.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dcm::ipmi::bmc {

struct WorkaroundFlags {
  unsigned session = 0;           // IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_* (ipmi_ctx_open_outofband_2_0)
  unsigned monitoring = 0;        // IPMI_MONITORING_WORKAROUND_FLAGS_PROTOCOL_VERSION_2_0_*
  unsigned sensor_reading = 0;    // IPMI_MONITORING_SENSOR_READING_FLAGS_* (discretereading, ...)
  unsigned sdr_cache_create = 0;  // IPMI_SDR_CACHE_CREATE_FLAGS_* (assumemaxsdrrecordcount)
};

class WorkaroundFlagError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Throws WorkaroundFlagError naming the flag and the accepted names.
WorkaroundFlags parse_workaround_flags(const std::vector<std::string>& names);

// "authcap, intel20, ...": the accepted names, for messages and docs.
std::string known_workaround_flags();

}  // namespace dcm::ipmi::bmc
