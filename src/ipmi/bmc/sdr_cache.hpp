// The SDR of one BMC, cached in a FreeIPMI SDR cache file in that BMC's own cache directory and shared with
// libipmimonitoring (which reads sensors through the same file). Opening the file checks it against the
// BMC's SDR repository info: a missing, corrupt or out-of-date cache is rebuilt on the spot, where FreeIPMI's
// tools would refuse it ("SDR cache out of date") and wait for a manual flush. Out of date means FreeIPMI's
// test (the repository's last addition / erase timestamps changed) or ours (its record count changed: the
// timestamps have one-second resolution and hardly move on a BMC whose clock was never set).
#pragma once

#include <filesystem>
#include <string>

#include "ipmi/bmc/ipmi_session.hpp"
#include "ipmi/sel/sdr_record.hpp"

namespace dcm::ipmi::bmc {

// "sdr-cache-%H": the file name libipmimonitoring is told to use, %H being the host string it is given.
inline constexpr const char* kSdrCacheFilenameFormat = "sdr-cache-%H";
std::filesystem::path sdr_cache_file(const std::filesystem::path& directory, const std::string& host);

struct SdrLoad {
  sel::SensorDirectory sensors;
  bool rebuilt = false;  // the cache file was (re)created from the BMC
};

// Throws BmcError when the BMC cannot be asked (timeout, session) or the cache file cannot be written.
SdrLoad load_sensor_directory(IpmiSession& session, const std::filesystem::path& file, unsigned create_flags);

}  // namespace dcm::ipmi::bmc
