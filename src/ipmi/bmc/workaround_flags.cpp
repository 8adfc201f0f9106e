#include "ipmi/bmc/workaround_flags.hpp"

#include <array>

#include <freeipmi/freeipmi.h>
#include <ipmi_monitoring.h>

namespace dcm::ipmi::bmc {
namespace {

struct Flag {
  std::string_view name;
  WorkaroundFlags bits;
};

// FreeIPMI's names (freeipmi.conf(5), the tools' --workaround-flags) for the IPMI 2.0 session workarounds
// and the sensor-reading ones that ipmimonitoring accepts with -W.
const std::array<Flag, 11> kFlags{{
    {"authcap",
     {IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_AUTHENTICATION_CAPABILITIES,
      IPMI_MONITORING_WORKAROUND_FLAGS_PROTOCOL_VERSION_2_0_AUTHENTICATION_CAPABILITIES, 0, 0}},
    {"intel20",
     {IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_INTEL_2_0_SESSION,
      IPMI_MONITORING_WORKAROUND_FLAGS_PROTOCOL_VERSION_2_0_INTEL_2_0_SESSION, 0, 0}},
    {"supermicro20",
     {IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_SUPERMICRO_2_0_SESSION,
      IPMI_MONITORING_WORKAROUND_FLAGS_PROTOCOL_VERSION_2_0_SUPERMICRO_2_0_SESSION, 0, 0}},
    {"sun20",
     {IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_SUN_2_0_SESSION,
      IPMI_MONITORING_WORKAROUND_FLAGS_PROTOCOL_VERSION_2_0_SUN_2_0_SESSION, 0, 0}},
    {"opensesspriv",
     {IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_OPEN_SESSION_PRIVILEGE,
      IPMI_MONITORING_WORKAROUND_FLAGS_PROTOCOL_VERSION_2_0_OPEN_SESSION_PRIVILEGE, 0, 0}},
    {"integritycheckvalue",
     {IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_NON_EMPTY_INTEGRITY_CHECK_VALUE,
      IPMI_MONITORING_WORKAROUND_FLAGS_PROTOCOL_VERSION_2_0_NON_EMPTY_INTEGRITY_CHECK_VALUE, 0, 0}},
    {"nochecksumcheck",
     {IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_NO_CHECKSUM_CHECK,
      IPMI_MONITORING_WORKAROUND_FLAGS_PROTOCOL_VERSION_2_0_NO_CHECKSUM_CHECK, 0, 0}},
    {"discretereading", {0, 0, IPMI_MONITORING_SENSOR_READING_FLAGS_DISCRETE_READING, 0}},
    {"ignorescanningdisabled", {0, 0, IPMI_MONITORING_SENSOR_READING_FLAGS_IGNORE_SCANNING_DISABLED, 0}},
    {"assumebmcowner", {0, 0, IPMI_MONITORING_SENSOR_READING_FLAGS_ASSUME_BMC_OWNER, 0}},
    {"assumemaxsdrrecordcount",
     {0, 0, IPMI_MONITORING_SENSOR_READING_FLAGS_ASSUME_MAX_SDR_RECORD_COUNT,
      IPMI_SDR_CACHE_CREATE_FLAGS_ASSUME_MAX_SDR_RECORD_COUNT}},
}};

// FreeIPMI names that exist but do not apply to an IPMI 2.0 LAN session.
constexpr std::array<std::string_view, 11> kNotForLanplus{
    "idzero",
    "unexpectedauth",
    "forcepermsg",
    "endianseq",
    "noauthcodecheck",
    "assumeio",
    "spinpoll",
    "solpayloadsize",
    "solport",
    "solstatus",
    "solchannelassumelanchannel",
};

}  // namespace

std::string known_workaround_flags() {
  std::string names;
  for (const auto& flag : kFlags) {
    names += (names.empty() ? "" : ", ") + std::string(flag.name);
  }
  return names;
}

WorkaroundFlags parse_workaround_flags(const std::vector<std::string>& names) {
  WorkaroundFlags flags;
  for (const auto& name : names) {
    const Flag* found = nullptr;
    for (const auto& flag : kFlags) {
      if (flag.name == name) {
        found = &flag;
      }
    }
    if (found == nullptr) {
      for (auto other : kNotForLanplus) {
        if (other == name) {
          throw WorkaroundFlagError(
              "workaround flag \"" + name +
              "\" does not apply to IPMI 2.0 lanplus (accepted: " + known_workaround_flags() + ")");
        }
      }
      throw WorkaroundFlagError("unknown workaround flag \"" + name +
                                "\" (accepted: " + known_workaround_flags() + ")");
    }
    flags.session |= found->bits.session;
    flags.monitoring |= found->bits.monitoring;
    flags.sensor_reading |= found->bits.sensor_reading;
    flags.sdr_cache_create |= found->bits.sdr_cache_create;
  }
  return flags;
}

}  // namespace dcm::ipmi::bmc
