// ipmi-monitor's vocabulary: what a BMC is, what it reports, and how bad an event is. Plain data shared by
// the BMC clients (IPMI over LAN, Redfish), the SEL decoder, the store, the web UI, /metrics and alerts.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dcm::ipmi {

using TimePoint = std::chrono::system_clock::time_point;

enum class Protocol { kIpmi, kRedfish, kAuto };
enum class Privilege { kUser, kOperator, kAdmin };

std::string_view to_string(Protocol protocol);
std::string_view to_string(Privilege privilege);

// One server of servers.yaml, with defaults applied. The password is a secret: never logged, never
// returned by the API, stored encrypted.
struct ServerConfig {
  std::string name;         // unique
  std::string bmc_host;     // IPv4, IPv6 (without brackets) or host name
  int bmc_port = 0;         // 0: the protocol's default (623 for IPMI, 443 for Redfish)
  std::string redfish_url;  // "https://host[:port]" when bmc was given as a URL; else derived from host
  std::string server_ip;    // optional: the host's own address
  Protocol protocol = Protocol::kIpmi;
  std::string user;
  std::string password;
  int cipher_suite = 3;
  Privilege privilege = Privilege::kAdmin;
  std::vector<std::string> workaround_flags;  // FreeIPMI's names: opensesspriv, authcap, ...
  std::chrono::milliseconds timeout{5000};
  bool tls_verify = true;
  std::map<std::string, std::string> tags;  // site, rack, vendor, ...

  // "host:port" as shown to people and used as the `bmc` label.
  std::string bmc_label() const;
};

enum class Severity { kInfo = 0, kWarning = 1, kCritical = 2 };
std::string_view to_string(Severity severity);

// 0 ok, 1 warning, 2 critical: the values of ipmi_sensor_state.
enum class SensorState { kOk = 0, kWarning = 1, kCritical = 2, kUnknown = 3 };
std::string_view to_string(SensorState state);

struct SensorReading {
  std::string name;             // as the BMC names it (untrusted text: escape on output)
  std::string type;             // "Temperature", "Fan", "Voltage", "Current", "Power Supply", ...
  std::string unit;             // "C", "RPM", "V", "A", "W", "%" or "" for discrete sensors
  std::optional<double> value;  // absent for discrete sensors and sensors without a reading
  SensorState state = SensorState::kUnknown;
};

struct PowerStatus {
  std::optional<bool> on;       // chassis power; absent when the BMC did not say
  std::optional<double> watts;  // DCMI / Redfish PowerControl reading, when supported
};

// One System Event Log record, from IPMI or from a Redfish LogService.
struct SelEvent {
  std::string record_id;  // IPMI record id (decimal) or Redfish entry Id
  std::optional<TimePoint>
      bmc_time;        // absent when the BMC clock was unset (pre-init timestamp) or implausible
  TimePoint received;  // when ipmi-monitor first stored it
  std::string sensor_name;
  std::string sensor_type;  // IPMI sensor type name ("Memory", "Power Supply", ...) or Redfish MessageId
  std::string event_type;   // "threshold", "discrete", "oem" ...
  bool assertion = true;    // false: a deassertion
  Severity severity = Severity::kInfo;
  std::string message;  // human-readable description
  std::string raw;      // the 16 record bytes as hex for IPMI, the JSON entry for Redfish

  // The time the 24 h counts go by: the BMC's when plausible, else when we first saw it.
  TimePoint effective_time() const { return bmc_time.value_or(received); }
};

// What a BMC says about its SEL before we read it: enough to skip an unchanged log.
struct SelInfo {
  std::uint32_t entries = 0;
  std::optional<std::uint32_t> last_add_time;    // IPMI "most recent addition" timestamp
  std::optional<std::uint32_t> last_erase_time;  // IPMI "most recent erase" timestamp
};

// Where reading a BMC's SEL stopped last time; stored per server.
struct SelCursor {
  SelInfo info_seen;            // SelInfo at the last full read
  std::string last_record_id;   // the newest record stored
  std::string last_record_raw;  // its raw bytes, to notice a record id reused after a clear
};

}  // namespace dcm::ipmi
