#include "ipmi/sel/event_tables.hpp"

#include <array>
#include <cstdio>
#include <span>

namespace dcm::ipmi::sel {
namespace {

using Texts = std::span<const std::string_view>;

// Table 42-3, "Sensor Type Codes", 0x00-0x2C (0x00 is reserved).
constexpr std::array<std::string_view, 0x2D> kSensorTypeNames{
    "",                                     // 0x00 reserved
    "Temperature",                          // 0x01
    "Voltage",                              // 0x02
    "Current",                              // 0x03
    "Fan",                                  // 0x04
    "Physical Security",                    // 0x05 (chassis intrusion)
    "Platform Security Violation Attempt",  // 0x06
    "Processor",                            // 0x07
    "Power Supply",                         // 0x08
    "Power Unit",                           // 0x09
    "Cooling Device",                       // 0x0A
    "Other Units-based Sensor",             // 0x0B
    "Memory",                               // 0x0C
    "Drive Slot",                           // 0x0D (bay)
    "POST Memory Resize",                   // 0x0E
    "System Firmware Progress",             // 0x0F (formerly POST error)
    "Event Logging Disabled",               // 0x10
    "Watchdog 1",                           // 0x11
    "System Event",                         // 0x12
    "Critical Interrupt",                   // 0x13
    "Button / Switch",                      // 0x14
    "Module / Board",                       // 0x15
    "Microcontroller / Coprocessor",        // 0x16
    "Add-in Card",                          // 0x17
    "Chassis",                              // 0x18
    "Chip Set",                             // 0x19
    "Other FRU",                            // 0x1A
    "Cable / Interconnect",                 // 0x1B
    "Terminator",                           // 0x1C
    "System Boot / Restart Initiated",      // 0x1D
    "Boot Error",                           // 0x1E
    "OS Boot",                              // 0x1F (base OS boot / installation status)
    "OS Stop / Shutdown",                   // 0x20
    "Slot / Connector",                     // 0x21
    "System ACPI Power State",              // 0x22
    "Watchdog 2",                           // 0x23
    "Platform Alert",                       // 0x24
    "Entity Presence",                      // 0x25
    "Monitor ASIC / IC",                    // 0x26
    "LAN",                                  // 0x27
    "Management Subsystem Health",          // 0x28
    "Battery",                              // 0x29
    "Session Audit",                        // 0x2A
    "Version Change",                       // 0x2B
    "FRU State",                            // 0x2C
};

// Table 42-2, generic event/reading types 0x01-0x0C, indexed by offset.
constexpr std::array<std::string_view, 12> kThreshold{
    "Lower Non-critical going low", "Lower Non-critical going high",   "Lower Critical going low",
    "Lower Critical going high",    "Lower Non-recoverable going low", "Lower Non-recoverable going high",
    "Upper Non-critical going low", "Upper Non-critical going high",   "Upper Critical going low",
    "Upper Critical going high",    "Upper Non-recoverable going low", "Upper Non-recoverable going high",
};
constexpr std::array<std::string_view, 3> kUsageState{"Transition to Idle", "Transition to Active",
                                                      "Transition to Busy"};
constexpr std::array<std::string_view, 2> kDigitalState{"State Deasserted", "State Asserted"};
constexpr std::array<std::string_view, 2> kPredictiveFailure{"Predictive Failure deasserted",
                                                             "Predictive Failure asserted"};
constexpr std::array<std::string_view, 2> kLimit{"Limit Not Exceeded", "Limit Exceeded"};
constexpr std::array<std::string_view, 2> kPerformance{"Performance Met", "Performance Lags"};
constexpr std::array<std::string_view, 9> kSeverityTransition{
    "Transition to OK",
    "Transition to Non-Critical from OK",
    "Transition to Critical from less severe",
    "Transition to Non-recoverable from less severe",
    "Transition to Non-Critical from more severe",
    "Transition to Critical from Non-recoverable",
    "Transition to Non-recoverable",
    "Monitor",
    "Informational",
};
constexpr std::array<std::string_view, 2> kDevicePresence{"Device Removed / Device Absent",
                                                          "Device Inserted / Device Present"};
constexpr std::array<std::string_view, 2> kDeviceEnabled{"Device Disabled", "Device Enabled"};
constexpr std::array<std::string_view, 9> kAvailability{
    "Transition to Running",  "Transition to In Test",    "Transition to Power Off",
    "Transition to On Line",  "Transition to Off Line",   "Transition to Off Duty",
    "Transition to Degraded", "Transition to Power Save", "Install Error",
};
constexpr std::array<std::string_view, 8> kRedundancy{
    "Fully Redundant (redundancy regained)",
    "Redundancy Lost",
    "Redundancy Degraded",
    "Non-redundant: sufficient resources from redundant",
    "Non-redundant: sufficient resources from insufficient resources",
    "Non-redundant: insufficient resources",
    "Redundancy Degraded from fully redundant",
    "Redundancy Degraded from non-redundant",
};
constexpr std::array<std::string_view, 4> kAcpiDeviceState{"D0 Power State", "D1 Power State",
                                                           "D2 Power State", "D3 Power State"};

// Table 42-3, sensor-specific offsets (event/reading type 0x6F), indexed by offset.
constexpr std::array<std::string_view, 7> kPhysicalSecurity{
    "General Chassis Intrusion", "Drive Bay intrusion", "I/O Card area intrusion",
    "Processor area intrusion",  "LAN Leash Lost",      "Unauthorized dock",
    "FAN area intrusion",
};
constexpr std::array<std::string_view, 6> kPlatformSecurity{
    "Secure Mode Violation attempt",
    "Pre-boot Password Violation - user password",
    "Pre-boot Password Violation attempt - setup password",
    "Pre-boot Password Violation - network boot password",
    "Other pre-boot Password Violation",
    "Out-of-band Access Password Violation",
};
constexpr std::array<std::string_view, 13> kProcessor{
    "IERR",
    "Thermal Trip",
    "FRB1/BIST failure",
    "FRB2/Hang in POST failure",
    "FRB3/Processor Startup/Initialization failure",
    "Configuration Error",
    "SM BIOS Uncorrectable CPU-complex Error",
    "Processor Presence detected",
    "Processor disabled",
    "Terminator Presence Detected",
    "Processor Automatically Throttled",
    "Machine Check Exception (Uncorrectable)",
    "Correctable Machine Check Error",
};
constexpr std::array<std::string_view, 8> kPowerSupply{
    "Presence detected",
    "Power Supply Failure detected",
    "Predictive Failure",
    "Power Supply input lost (AC/DC)",
    "Power Supply input lost or out-of-range",
    "Power Supply input out-of-range, but present",
    "Configuration error",
    "Power Supply Inactive (in standby state)",
};
constexpr std::array<std::string_view, 8> kPowerUnit{
    "Power Off / Power Down",
    "Power Cycle",
    "240VA Power Down",
    "Interlock Power Down",
    "AC lost / Power input lost",
    "Soft Power Control Failure",
    "Power Unit Failure detected",
    "Predictive Failure",
};
constexpr std::array<std::string_view, 11> kMemory{
    "Correctable ECC / other correctable memory error",
    "Uncorrectable ECC / other uncorrectable memory error",
    "Parity",
    "Memory Scrub Failed",
    "Memory Device Disabled",
    "Correctable ECC / other correctable memory error logging limit reached",
    "Presence detected",
    "Configuration error",
    "Spare",
    "Memory Automatically Throttled",
    "Critical Overtemperature",
};
constexpr std::array<std::string_view, 9> kDriveSlot{
    "Drive Presence",
    "Drive Fault",
    "Predictive Failure",
    "Hot Spare",
    "Consistency Check / Parity Check in progress",
    "In Critical Array",
    "In Failed Array",
    "Rebuild/Remap in progress",
    "Rebuild/Remap Aborted",
};
constexpr std::array<std::string_view, 3> kFirmwareProgress{
    "System Firmware Error (POST Error)", "System Firmware Hang", "System Firmware Progress"};
constexpr std::array<std::string_view, 7> kEventLogging{
    "Correctable Memory Error Logging Disabled",
    "Event Type Logging Disabled",
    "Log Area Reset/Cleared",
    "All Event Logging Disabled",
    "SEL Full",
    "SEL Almost Full",
    "Correctable Machine Check Error Logging Disabled",
};
constexpr std::array<std::string_view, 8> kWatchdog1{
    "BIOS Watchdog Reset",
    "OS Watchdog Reset",
    "OS Watchdog Shut Down",
    "OS Watchdog Power Down",
    "OS Watchdog Power Cycle",
    "OS Watchdog NMI / Diagnostic Interrupt",
    "OS Watchdog Expired, status only",
    "OS Watchdog pre-timeout Interrupt, non-NMI",
};
constexpr std::array<std::string_view, 6> kSystemEvent{
    "System Reconfigured",
    "OEM System Boot Event",
    "Undetermined system hardware failure",
    "Entry added to Auxiliary Log",
    "PEF Action",
    "Timestamp Clock Synch",
};
constexpr std::array<std::string_view, 12> kCriticalInterrupt{
    "Front Panel NMI / Diagnostic Interrupt",
    "Bus Timeout",
    "I/O channel check NMI",
    "Software NMI",
    "PCI PERR",
    "PCI SERR",
    "EISA Fail Safe Timeout",
    "Bus Correctable Error",
    "Bus Uncorrectable Error",
    "Fatal NMI",
    "Bus Fatal Error",
    "Bus Degraded",
};
constexpr std::array<std::string_view, 5> kButtonSwitch{
    "Power Button pressed", "Sleep Button pressed",       "Reset Button pressed",
    "FRU latch open",       "FRU service request button",
};
constexpr std::array<std::string_view, 2> kChipSet{"Soft Power Control Failure", "Thermal Trip"};
constexpr std::array<std::string_view, 2> kCable{"Cable/Interconnect is connected",
                                                 "Configuration Error - Incorrect cable connected"};
constexpr std::array<std::string_view, 8> kSystemBoot{
    "Initiated by power up",
    "Initiated by hard reset",
    "Initiated by warm reset",
    "User requested PXE boot",
    "Automatic boot to diagnostic",
    "OS / run-time software initiated hard reset",
    "OS / run-time software initiated warm reset",
    "System Restart",
};
constexpr std::array<std::string_view, 5> kBootError{
    "No bootable media",
    "Non-bootable diskette left in drive",
    "PXE Server not found",
    "Invalid boot sector",
    "Timeout waiting for user selection of boot source",
};
constexpr std::array<std::string_view, 11> kOsBoot{
    "A: boot completed",
    "C: boot completed",
    "PXE boot completed",
    "Diagnostic boot completed",
    "CD-ROM boot completed",
    "ROM boot completed",
    "Boot completed - boot device not specified",
    "Base OS/Hypervisor Installation started",
    "Base OS/Hypervisor Installation completed",
    "Base OS/Hypervisor Installation aborted",
    "Base OS/Hypervisor Installation failed",
};
constexpr std::array<std::string_view, 6> kOsStop{
    "Critical stop during OS load / initialization",
    "Run-time Critical Stop",
    "OS Graceful Stop",
    "OS Graceful Shutdown",
    "Soft Shutdown initiated by PEF",
    "Agent Not Responding",
};
constexpr std::array<std::string_view, 10> kSlotConnector{
    "Fault Status asserted",
    "Identify Status asserted",
    "Slot / Connector Device installed/attached",
    "Slot / Connector Ready for Device Installation",
    "Slot / Connector Ready for Device Removal",
    "Slot Power is Off",
    "Slot / Connector Device Removal Request",
    "Interlock asserted",
    "Slot is Disabled",
    "Slot holds spare device",
};
constexpr std::array<std::string_view, 15> kAcpiPowerState{
    "S0/G0 working",
    "S1 sleeping with system h/w & processor context maintained",
    "S2 sleeping, processor context lost",
    "S3 sleeping, processor & h/w context lost, memory retained",
    "S4 non-volatile sleep / suspend-to-disk",
    "S5/G2 soft-off",
    "S4/S5 soft-off, particular S4/S5 state cannot be determined",
    "G3/Mechanical Off",
    "Sleeping in an S1, S2, or S3 states",
    "G1 sleeping",
    "S5 entered by override",
    "Legacy ON state",
    "Legacy OFF state",
    "",  // 0x0D reserved
    "Unknown",
};
constexpr std::array<std::string_view, 9> kWatchdog2{
    "Timer expired, status only",
    "Hard Reset",
    "Power Down",
    "Power Cycle",
    "",
    "",
    "",
    "",
    "Timer interrupt",
};
constexpr std::array<std::string_view, 4> kPlatformAlert{
    "Platform generated page",
    "Platform generated LAN alert",
    "Platform Event Trap generated",
    "Platform generated SNMP trap",
};
constexpr std::array<std::string_view, 3> kEntityPresence{"Entity Present", "Entity Absent",
                                                          "Entity Disabled"};
constexpr std::array<std::string_view, 2> kLan{"LAN Heartbeat Lost", "LAN Heartbeat"};
constexpr std::array<std::string_view, 6> kManagementHealth{
    "Sensor access degraded or unavailable",
    "Controller access degraded or unavailable",
    "Management controller off-line",
    "Management controller unavailable",
    "Sensor failure",
    "FRU failure",
};
constexpr std::array<std::string_view, 3> kBattery{"Battery low (predictive failure)", "Battery failed",
                                                   "Battery presence detected"};
constexpr std::array<std::string_view, 4> kSessionAudit{
    "Session Activated", "Session Deactivated", "Invalid Username or Password", "Invalid password disable"};
constexpr std::array<std::string_view, 8> kVersionChange{
    "Hardware change detected with associated Entity",
    "Firmware or software change detected with associated Entity",
    "Hardware incompatibility detected with associated Entity",
    "Firmware or software incompatibility detected with associated Entity",
    "Entity is of an invalid or unsupported hardware version",
    "Entity contains an invalid or unsupported firmware or software version",
    "Hardware Change detected with associated Entity was successful",
    "Software or F/W Change detected with associated Entity was successful",
};
constexpr std::array<std::string_view, 8> kFruState{
    "FRU Not Installed",
    "FRU Inactive",
    "FRU Activation Requested",
    "FRU Activation In Progress",
    "FRU Active",
    "FRU Deactivation Requested",
    "FRU Deactivation In Progress",
    "FRU Communication Lost",
};

Texts generic_texts(std::uint8_t event_type_code) {
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

Texts sensor_specific_texts(std::uint8_t sensor_type) {
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

std::string hex_byte(std::uint8_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", value);
  return text;
}

}  // namespace

EventClass classify_event_type(std::uint8_t event_type_code) {
  if (event_type_code == 0x00) {
    return EventClass::kUnspecified;
  }
  if (event_type_code == 0x01) {
    return EventClass::kThreshold;
  }
  if (event_type_code <= 0x0C) {
    return EventClass::kGeneric;
  }
  if (event_type_code == 0x6F) {
    return EventClass::kSensorSpecific;
  }
  if (event_type_code >= 0x70 && event_type_code <= 0x7F) {
    return EventClass::kOem;
  }
  return EventClass::kReserved;
}

std::string_view to_string(EventClass event_class) {
  switch (event_class) {
    case EventClass::kUnspecified:
      return "unspecified";
    case EventClass::kThreshold:
      return "threshold";
    case EventClass::kGeneric:
      return "discrete";
    case EventClass::kSensorSpecific:
      return "sensor-specific";
    case EventClass::kOem:
      return "oem";
    case EventClass::kReserved:
      break;
  }
  return "reserved";
}

std::string sensor_type_name(std::uint8_t sensor_type) {
  if (sensor_type >= 0xC0) {
    return "OEM sensor type " + hex_byte(sensor_type);
  }
  if (sensor_type < kSensorTypeNames.size() && !kSensorTypeNames[sensor_type].empty()) {
    return std::string(kSensorTypeNames[sensor_type]);
  }
  return "reserved sensor type " + hex_byte(sensor_type);
}

std::string_view event_offset_text(std::uint8_t sensor_type, std::uint8_t event_type_code,
                                   std::uint8_t offset) {
  Texts texts;
  switch (classify_event_type(event_type_code)) {
    case EventClass::kThreshold:
    case EventClass::kGeneric:
      texts = generic_texts(event_type_code);
      break;
    case EventClass::kSensorSpecific:
      texts = sensor_specific_texts(sensor_type);
      break;
    default:
      return {};
  }
  return offset < texts.size() ? texts[offset] : std::string_view();
}

}  // namespace dcm::ipmi::sel
