#include "ipmi/bmc/workaround_flags.hpp"

#include <freeipmi/freeipmi.h>
#include <gtest/gtest.h>
#include <ipmi_monitoring.h>

namespace dcm::ipmi::bmc {
namespace {

TEST(ParseWorkaroundFlags, TurnsNamesIntoBothLibrariesBits) {
  const auto flags = parse_workaround_flags({"opensesspriv"});
  EXPECT_EQ(flags.session, unsigned{IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_OPEN_SESSION_PRIVILEGE});
  EXPECT_EQ(flags.monitoring,
            unsigned{IPMI_MONITORING_WORKAROUND_FLAGS_PROTOCOL_VERSION_2_0_OPEN_SESSION_PRIVILEGE});
  EXPECT_EQ(flags.sensor_reading, 0u);

  const auto several = parse_workaround_flags({"intel20", "discretereading", "assumemaxsdrrecordcount"});
  EXPECT_EQ(several.session, unsigned{IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_INTEL_2_0_SESSION});
  EXPECT_EQ(several.sensor_reading,
            unsigned{IPMI_MONITORING_SENSOR_READING_FLAGS_DISCRETE_READING |
                     IPMI_MONITORING_SENSOR_READING_FLAGS_ASSUME_MAX_SDR_RECORD_COUNT});
  EXPECT_EQ(several.sdr_cache_create, unsigned{IPMI_SDR_CACHE_CREATE_FLAGS_ASSUME_MAX_SDR_RECORD_COUNT});

  const auto none = parse_workaround_flags({});
  EXPECT_EQ(none.session | none.monitoring | none.sensor_reading | none.sdr_cache_create, 0u);
}

TEST(ParseWorkaroundFlags, RejectsUnknownNamesAndNamesForOtherInterfaces) {
  try {
    parse_workaround_flags({"opensesspriv", "opensespriv"});
    FAIL() << "a misspelt flag must be an error";
  } catch (const WorkaroundFlagError& error) {
    EXPECT_EQ(std::string(error.what()),
              "unknown workaround flag \"opensespriv\" (accepted: " + known_workaround_flags() + ")");
  }
  try {
    parse_workaround_flags({"idzero"});
    FAIL() << "an IPMI 1.5 flag must be an error";
  } catch (const WorkaroundFlagError& error) {
    EXPECT_EQ(
        std::string(error.what()).rfind("workaround flag \"idzero\" does not apply to IPMI 2.0 lanplus", 0),
        0u);
  }
  EXPECT_EQ(known_workaround_flags().rfind("authcap, intel20, supermicro20, sun20, opensesspriv", 0), 0u);
}

}  // namespace
}  // namespace dcm::ipmi::bmc
