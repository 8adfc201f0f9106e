#include "ipmi/sel/severity.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ipmi/sel/event_tables.hpp"

namespace dcm::ipmi::sel {
namespace {

constexpr std::uint8_t kThreshold = 0x01;
constexpr std::uint8_t kRedundancy = 0x0B;
constexpr std::uint8_t kDevicePresence = 0x08;
constexpr std::uint8_t kSensorSpecific = 0x6F;

constexpr std::uint8_t kTemperature = 0x01;
constexpr std::uint8_t kFan = 0x04;
constexpr std::uint8_t kProcessor = 0x07;
constexpr std::uint8_t kPowerSupply = 0x08;
constexpr std::uint8_t kPowerUnit = 0x09;
constexpr std::uint8_t kMemory = 0x0C;
constexpr std::uint8_t kDriveSlot = 0x0D;

struct Case {
  const char* what;
  EventKey key;
  Severity expected;
};

// The cases issue 4 ("Severity that is right") names, and their neighbours.
const std::vector<Case> kCases{
    {"correctable ECC", {kMemory, kSensorSpecific, 0x00, true}, Severity::kWarning},
    {"uncorrectable ECC", {kMemory, kSensorSpecific, 0x01, true}, Severity::kCritical},
    {"memory parity", {kMemory, kSensorSpecific, 0x02, true}, Severity::kCritical},
    {"correctable ECC logging limit reached", {kMemory, kSensorSpecific, 0x05, true}, Severity::kWarning},
    {"memory presence detected", {kMemory, kSensorSpecific, 0x06, true}, Severity::kInfo},
    {"PSU failure detected", {kPowerSupply, kSensorSpecific, 0x01, true}, Severity::kCritical},
    {"PSU input lost (AC/DC)", {kPowerSupply, kSensorSpecific, 0x03, true}, Severity::kCritical},
    {"PSU input lost or out of range", {kPowerSupply, kSensorSpecific, 0x04, true}, Severity::kCritical},
    {"PSU input out of range but present", {kPowerSupply, kSensorSpecific, 0x05, true}, Severity::kWarning},
    {"PSU predictive failure", {kPowerSupply, kSensorSpecific, 0x02, true}, Severity::kWarning},
    {"PSU presence detected", {kPowerSupply, kSensorSpecific, 0x00, true}, Severity::kInfo},
    {"power unit AC lost", {kPowerUnit, kSensorSpecific, 0x04, true}, Severity::kCritical},
    {"power unit failure", {kPowerUnit, kSensorSpecific, 0x06, true}, Severity::kCritical},
    {"power unit power off", {kPowerUnit, kSensorSpecific, 0x00, true}, Severity::kInfo},
    // Redundancy: lost with the remaining supplies carrying the load warns; without enough is critical.
    {"PSU redundancy lost", {kPowerSupply, kRedundancy, 0x01, true}, Severity::kWarning},
    {"PSU redundancy degraded", {kPowerSupply, kRedundancy, 0x02, true}, Severity::kWarning},
    {"PSU non-redundant, sufficient", {kPowerSupply, kRedundancy, 0x03, true}, Severity::kWarning},
    {"PSU non-redundant, insufficient", {kPowerSupply, kRedundancy, 0x05, true}, Severity::kCritical},
    {"PSU redundancy regained", {kPowerSupply, kRedundancy, 0x00, true}, Severity::kInfo},
    {"power unit redundancy lost", {kPowerUnit, kRedundancy, 0x01, true}, Severity::kWarning},
    {"fan lower critical going low", {kFan, kThreshold, 0x02, true}, Severity::kCritical},
    {"fan lower non-critical going low", {kFan, kThreshold, 0x00, true}, Severity::kWarning},
    {"fan lower non-recoverable going low", {kFan, kThreshold, 0x04, true}, Severity::kCritical},
    {"fan lower critical going high (recovering)", {kFan, kThreshold, 0x03, true}, Severity::kWarning},
    {"fan lower non-critical going high (recovered)", {kFan, kThreshold, 0x01, true}, Severity::kInfo},
    {"fan absent", {kFan, kDevicePresence, 0x00, true}, Severity::kCritical},
    {"temperature upper non-critical going high", {kTemperature, kThreshold, 0x07, true}, Severity::kWarning},
    {"temperature upper critical going high", {kTemperature, kThreshold, 0x09, true}, Severity::kCritical},
    {"temperature upper non-recoverable going high",
     {kTemperature, kThreshold, 0x0B, true},
     Severity::kCritical},
    {"temperature upper critical going low (recovering)",
     {kTemperature, kThreshold, 0x08, true},
     Severity::kWarning},
    {"temperature upper non-critical going low (recovered)",
     {kTemperature, kThreshold, 0x06, true},
     Severity::kInfo},
    {"drive fault", {kDriveSlot, kSensorSpecific, 0x01, true}, Severity::kCritical},
    {"drive in failed array", {kDriveSlot, kSensorSpecific, 0x06, true}, Severity::kCritical},
    {"drive predictive failure", {kDriveSlot, kSensorSpecific, 0x02, true}, Severity::kWarning},
    {"drive presence", {kDriveSlot, kSensorSpecific, 0x00, true}, Severity::kInfo},
    {"processor IERR", {kProcessor, kSensorSpecific, 0x00, true}, Severity::kCritical},
    {"processor thermal trip", {kProcessor, kSensorSpecific, 0x01, true}, Severity::kCritical},
    {"processor uncorrectable machine check", {kProcessor, kSensorSpecific, 0x0B, true}, Severity::kCritical},
    {"processor correctable machine check", {kProcessor, kSensorSpecific, 0x0C, true}, Severity::kWarning},
    {"processor throttled", {kProcessor, kSensorSpecific, 0x0A, true}, Severity::kWarning},
    {"processor presence detected", {kProcessor, kSensorSpecific, 0x07, true}, Severity::kInfo},
    {"chassis intrusion", {0x05, kSensorSpecific, 0x00, true}, Severity::kCritical},
    {"PCI SERR", {0x13, kSensorSpecific, 0x05, true}, Severity::kCritical},
    {"bus correctable error", {0x13, kSensorSpecific, 0x07, true}, Severity::kWarning},
    {"SEL cleared", {0x10, kSensorSpecific, 0x02, true}, Severity::kInfo},
    {"SEL full", {0x10, kSensorSpecific, 0x04, true}, Severity::kWarning},
    {"timestamp clock sync", {0x12, kSensorSpecific, 0x05, true}, Severity::kInfo},
    {"OS run-time critical stop", {0x20, kSensorSpecific, 0x01, true}, Severity::kCritical},
    {"OS graceful shutdown", {0x20, kSensorSpecific, 0x03, true}, Severity::kInfo},
    {"watchdog 2 hard reset", {0x23, kSensorSpecific, 0x01, true}, Severity::kCritical},
    {"battery failed", {0x29, kSensorSpecific, 0x01, true}, Severity::kCritical},
    {"battery low", {0x29, kSensorSpecific, 0x00, true}, Severity::kWarning},
    {"generic severity: to critical", {kTemperature, 0x07, 0x02, true}, Severity::kCritical},
    {"generic severity: to OK", {kTemperature, 0x07, 0x00, true}, Severity::kInfo},
    {"generic predictive failure asserted", {kDriveSlot, 0x04, 0x01, true}, Severity::kWarning},
    {"generic device absent (not a fan)", {kPowerSupply, kDevicePresence, 0x00, true}, Severity::kWarning},
    // Deassertions: the condition went away.
    {"uncorrectable ECC deasserted", {kMemory, kSensorSpecific, 0x01, false}, Severity::kInfo},
    {"PSU failure deasserted", {kPowerSupply, kSensorSpecific, 0x01, false}, Severity::kInfo},
    {"PSU presence deasserted", {kPowerSupply, kSensorSpecific, 0x00, false}, Severity::kInfo},
    {"temperature upper critical deasserted", {kTemperature, kThreshold, 0x09, false}, Severity::kInfo},
    {"redundancy lost deasserted", {kPowerSupply, kRedundancy, 0x01, false}, Severity::kInfo},
    // OEM and undefined codes.
    {"OEM event type", {kPowerSupply, 0x70, 0x01, true}, Severity::kInfo},
    {"OEM event type 0x7F", {kMemory, 0x7F, 0x01, true}, Severity::kInfo},
    {"OEM sensor type", {0xC0, kSensorSpecific, 0x01, true}, Severity::kInfo},
    {"unspecified event type", {kMemory, 0x00, 0x01, true}, Severity::kInfo},
    {"reserved event type", {kMemory, 0x30, 0x01, true}, Severity::kInfo},
    {"reserved offset", {kMemory, kSensorSpecific, 0x0F, true}, Severity::kInfo},
    {"sensor type without specific offsets", {0x0A, kSensorSpecific, 0x01, true}, Severity::kInfo},
};

TEST(ClassifySeverity, FollowsTheTableForEveryNamedCase) {
  for (const auto& c : kCases) {
    EXPECT_EQ(classify_severity(c.key), c.expected)
        << c.what << ": got " << to_string(classify_severity(c.key)) << ", expected "
        << to_string(c.expected);
  }
}

// Severity never comes from text: two events whose descriptions share a word ("Failure") but not a meaning
// get different severities, and the same offset under another event type does not inherit one.
TEST(ClassifySeverity, DependsOnCodesNotOnWords) {
  EXPECT_EQ(event_offset_text(kPowerSupply, kSensorSpecific, 0x01), "Power Supply Failure detected");
  EXPECT_EQ(event_offset_text(kPowerSupply, kSensorSpecific, 0x02), "Predictive Failure");
  EXPECT_NE(classify_severity({kPowerSupply, kSensorSpecific, 0x01, true}),
            classify_severity({kPowerSupply, kSensorSpecific, 0x02, true}));
  EXPECT_EQ(classify_severity({kPowerSupply, 0x03, 0x01, true}), Severity::kWarning);  // "State Asserted"
}

// Every offset the text tables define classifies to something, and every deassertion to info.
TEST(ClassifySeverity, CoversEveryDefinedOffset) {
  for (int type = 0; type <= 0x2C; ++type) {
    for (int code : {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x6F}) {
      for (int offset = 0; offset < 16; ++offset) {
        const EventKey key{static_cast<std::uint8_t>(type), static_cast<std::uint8_t>(code),
                           static_cast<std::uint8_t>(offset), false};
        EXPECT_EQ(classify_severity(key), Severity::kInfo);
      }
    }
  }
}

}  // namespace
}  // namespace dcm::ipmi::sel
