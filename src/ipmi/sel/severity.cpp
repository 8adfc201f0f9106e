#include "ipmi/sel/severity.hpp"

#include <array>
#include <span>

#include "ipmi/sel/event_tables.hpp"

namespace dcm::ipmi::sel {
namespace {

using Severities = std::span<const Severity>;

constexpr Severity I = Severity::kInfo;
constexpr Severity W = Severity::kWarning;
constexpr Severity C = Severity::kCritical;

// Generic event/reading types (table 42-2), indexed by offset. Same order as event_tables.cpp.
constexpr std::array kThreshold{
    W,  // Lower Non-critical going low
    I,  // Lower Non-critical going high: back above the non-critical band
    C,  // Lower Critical going low
    W,  // Lower Critical going high: up from critical into the non-critical band
    C,  // Lower Non-recoverable going low
    C,  // Lower Non-recoverable going high: up into the critical band
    I,  // Upper Non-critical going low: back below the non-critical band
    W,  // Upper Non-critical going high
    W,  // Upper Critical going low: down from critical into the non-critical band
    C,  // Upper Critical going high
    C,  // Upper Non-recoverable going low: down into the critical band
    C,  // Upper Non-recoverable going high
};
constexpr std::array kUsageState{I, I, I};
constexpr std::array kDigitalState{I, W};       // "State Asserted": vendor-defined meaning, so a warning
constexpr std::array kPredictiveFailure{I, W};  // a part that will fail: replace it, nothing is down yet
constexpr std::array kLimit{I, C};
constexpr std::array kPerformance{I, W};
constexpr std::array kSeverityTransition{
    I,  // to OK
    W,  // to Non-Critical from OK
    C,  // to Critical from less severe
    C,  // to Non-recoverable from less severe
    W,  // to Non-Critical from more severe
    C,  // to Critical from Non-recoverable
    C,  // to Non-recoverable
    W,  // Monitor
    I,  // Informational
};
constexpr std::array kDevicePresence{W, I};  // removed/absent, inserted/present (fans: see below)
constexpr std::array kDeviceEnabled{W, I};   // disabled, enabled
constexpr std::array kAvailability{
    I,  // Running
    I,  // In Test
    I,  // Power Off
    I,  // On Line
    W,  // Off Line
    I,  // Off Duty
    W,  // Degraded
    I,  // Power Save
    C,  // Install Error
};
// Redundancy (0x0B). The spec defines what the states mean, not how bad they are. Losing redundancy
// while the remaining units still carry the load is a warning: nothing is down, but the next failure
// will be (and the failed unit logs its own critical event, e.g. Power Supply Failure). Running without
// enough resources is critical.
constexpr std::array kRedundancy{
    I,  // Fully Redundant (redundancy regained)
    W,  // Redundancy Lost
    W,  // Redundancy Degraded
    W,  // Non-redundant: sufficient resources from redundant
    W,  // Non-redundant: sufficient resources from insufficient resources
    C,  // Non-redundant: insufficient resources
    W,  // Redundancy Degraded from fully redundant
    W,  // Redundancy Degraded from non-redundant
};
constexpr std::array kAcpiDeviceState{I, I, I, I};

// Sensor-specific offsets (table 42-3), indexed by offset.
constexpr std::array kPhysicalSecurity{C, C, C, C, W, C, C};  // intrusions; LAN leash lost is a warning
constexpr std::array kPlatformSecurity{C, C, C, C, C, C};
constexpr std::array kProcessor{
    C,  // IERR
    C,  // Thermal Trip
    C,  // FRB1/BIST failure
    C,  // FRB2/Hang in POST failure
    C,  // FRB3/Processor Startup/Initialization failure
    C,  // Configuration Error
    C,  // SM BIOS Uncorrectable CPU-complex Error
    I,  // Processor Presence detected
    C,  // Processor disabled
    I,  // Terminator Presence Detected
    W,  // Processor Automatically Throttled
    C,  // Machine Check Exception (Uncorrectable)
    W,  // Correctable Machine Check Error
};
constexpr std::array kPowerSupply{
    I,  // Presence detected
    C,  // Power Supply Failure detected
    W,  // Predictive Failure
    C,  // Power Supply input lost (AC/DC)
    C,  // Power Supply input lost or out-of-range
    W,  // input out-of-range, but present: still delivering power
    C,  // Configuration error
    I,  // Inactive (standby): a cold-redundant supply waiting its turn
};
constexpr std::array kPowerUnit{
    I,  // Power Off / Power Down
    I,  // Power Cycle
    W,  // 240VA Power Down
    W,  // Interlock Power Down
    C,  // AC lost / Power input lost
    C,  // Soft Power Control Failure
    C,  // Power Unit Failure detected
    W,  // Predictive Failure
};
constexpr std::array kMemory{
    W,  // Correctable ECC
    C,  // Uncorrectable ECC
    C,  // Parity
    C,  // Memory Scrub Failed
    C,  // Memory Device Disabled
    W,  // Correctable ECC logging limit reached
    I,  // Presence detected
    C,  // Configuration error
    I,  // Spare
    W,  // Memory Automatically Throttled
    C,  // Critical Overtemperature
};
constexpr std::array kDriveSlot{
    I,  // Drive Presence
    C,  // Drive Fault
    W,  // Predictive Failure
    I,  // Hot Spare
    I,  // Consistency Check / Parity Check in progress
    C,  // In Critical Array
    C,  // In Failed Array
    W,  // Rebuild/Remap in progress: the array is degraded until it ends
    C,  // Rebuild/Remap Aborted
};
constexpr std::array kFirmwareProgress{C, C, I};  // error, hang, progress
// Event Logging Disabled (0x10): the log stops recording, no hardware is down.
constexpr std::array kEventLogging{
    W,  // Correctable Memory Error Logging Disabled
    W,  // Event Type Logging Disabled
    I,  // Log Area Reset/Cleared
    W,  // All Event Logging Disabled
    W,  // SEL Full
    W,  // SEL Almost Full
    W,  // Correctable Machine Check Error Logging Disabled
};
// Watchdog 1 (0x11): a watchdog that acts means the host hung.
constexpr std::array kWatchdog1{W, C, C, C, C, C, W, W};
constexpr std::array kSystemEvent{
    W,  // System Reconfigured
    I,  // OEM System Boot Event
    C,  // Undetermined system hardware failure
    I,  // Entry added to Auxiliary Log
    I,  // PEF Action
    I,  // Timestamp Clock Synch: logged at every boot
};
constexpr std::array kCriticalInterrupt{
    C,  // Front Panel NMI / Diagnostic Interrupt
    C,  // Bus Timeout
    C,  // I/O channel check NMI
    W,  // Software NMI
    C,  // PCI PERR
    C,  // PCI SERR
    C,  // EISA Fail Safe Timeout
    W,  // Bus Correctable Error
    C,  // Bus Uncorrectable Error
    C,  // Fatal NMI
    C,  // Bus Fatal Error
    W,  // Bus Degraded
};
constexpr std::array kButtonSwitch{I, I, I, W, W};  // buttons pressed; FRU latch open, service request
constexpr std::array kChipSet{C, C};                // Soft Power Control Failure, Thermal Trip
constexpr std::array kCable{I, C};                  // connected, incorrect cable
constexpr std::array kSystemBoot{I, I, I, I, I, W, W, I};
constexpr std::array kBootError{C, C, C, C, W};
constexpr std::array kOsBoot{I, I, I, I, I, I, W, I, I, W, C};
constexpr std::array kOsStop{
    C,  // Critical stop during OS load / initialization
    C,  // Run-time Critical Stop
    I,  // OS Graceful Stop
    I,  // OS Graceful Shutdown
    W,  // Soft Shutdown initiated by PEF
    C,  // Agent Not Responding
};
constexpr std::array kSlotConnector{C, I, I, I, I, I, W, W, W, I};
constexpr std::array kAcpiPowerState{I, I, I, I, I, I, I, I, I, I, I, I, I, I, I};
constexpr std::array kWatchdog2{W, C, C, C, I, I, I, I, W};
constexpr std::array kPlatformAlert{I, I, I, I};
constexpr std::array kEntityPresence{I, W, W};  // present, absent, disabled
constexpr std::array kLan{W, I};                // heartbeat lost, heartbeat
constexpr std::array kManagementHealth{W, W, C, C, W, W};
constexpr std::array kBattery{W, C, I};  // low, failed, presence detected
constexpr std::array kSessionAudit{I, I, W, W};
constexpr std::array kVersionChange{I, I, W, W, W, W, I, I};
constexpr std::array kFruState{I, I, I, I, I, I, I, W};

constexpr std::uint8_t kFan = 0x04;
constexpr std::uint8_t kCoolingDevice = 0x0A;

Severities generic_severities(std::uint8_t event_type_code) {
  switch (event_type_code) {
    case 0x01:
      return kThreshold;
    case 0x02:
      return kUsageState;
    case 0x03:
      return kDigitalState;
    case 0x04:
      return kPredictiveFailure;
    case 0x05:
      return kLimit;
    case 0x06:
      return kPerformance;
    case 0x07:
      return kSeverityTransition;
    case 0x08:
      return kDevicePresence;
    case 0x09:
      return kDeviceEnabled;
    case 0x0A:
      return kAvailability;
    case 0x0B:
      return kRedundancy;
    case 0x0C:
      return kAcpiDeviceState;
    default:
      return {};
  }
}

Severities sensor_specific_severities(std::uint8_t sensor_type) {
  switch (sensor_type) {
    case 0x05:
      return kPhysicalSecurity;
    case 0x06:
      return kPlatformSecurity;
    case 0x07:
      return kProcessor;
    case 0x08:
      return kPowerSupply;
    case 0x09:
      return kPowerUnit;
    case 0x0C:
      return kMemory;
    case 0x0D:
      return kDriveSlot;
    case 0x0F:
      return kFirmwareProgress;
    case 0x10:
      return kEventLogging;
    case 0x11:
      return kWatchdog1;
    case 0x12:
      return kSystemEvent;
    case 0x13:
      return kCriticalInterrupt;
    case 0x14:
      return kButtonSwitch;
    case 0x19:
      return kChipSet;
    case 0x1B:
      return kCable;
    case 0x1D:
      return kSystemBoot;
    case 0x1E:
      return kBootError;
    case 0x1F:
      return kOsBoot;
    case 0x20:
      return kOsStop;
    case 0x21:
      return kSlotConnector;
    case 0x22:
      return kAcpiPowerState;
    case 0x23:
      return kWatchdog2;
    case 0x24:
      return kPlatformAlert;
    case 0x25:
      return kEntityPresence;
    case 0x27:
      return kLan;
    case 0x28:
      return kManagementHealth;
    case 0x29:
      return kBattery;
    case 0x2A:
      return kSessionAudit;
    case 0x2B:
      return kVersionChange;
    case 0x2C:
      return kFruState;
    default:
      return {};
  }
}

Severity lookup(Severities table, std::uint8_t offset) {
  return offset < table.size() ? table[offset] : Severity::kInfo;
}

}  // namespace

Severity classify_severity(const EventKey& key) {
  if (!key.assertion) {
    return Severity::kInfo;
  }
  if (key.sensor_type >= 0xC0) {
    return Severity::kInfo;  // OEM sensor type: only the vendor knows
  }
  switch (classify_event_type(key.event_type_code)) {
    case EventClass::kThreshold:
    case EventClass::kGeneric:
      // A fan that is gone stops cooling: its absence is critical, where other removed devices warn.
      if (key.event_type_code == 0x08 && key.offset == 0 &&
          (key.sensor_type == kFan || key.sensor_type == kCoolingDevice)) {
        return Severity::kCritical;
      }
      return lookup(generic_severities(key.event_type_code), key.offset);
    case EventClass::kSensorSpecific:
      return lookup(sensor_specific_severities(key.sensor_type), key.offset);
    case EventClass::kUnspecified:
    case EventClass::kOem:
    case EventClass::kReserved:
      break;
  }
  return Severity::kInfo;
}

}  // namespace dcm::ipmi::sel
