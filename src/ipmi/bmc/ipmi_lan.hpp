// BmcClient over IPMI 2.0 LAN (RMCP+, "lanplus"), in process through FreeIPMI: libfreeipmi for chassis
// status and control, DCMI power, SEL and SDR on one re-used session; libipmimonitoring for interpreted
// sensor readings. One client per BMC; calls are serialised by the client. How it talks to BMCs, and why,
// is in docs/ipmi-monitor/ipmi-lan.md.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/sys/clock.hpp"
#include "ipmi/bmc/bmc_client.hpp"
#include "ipmi/bmc/ipmi_sensor_scan.hpp"
#include "ipmi/bmc/ipmi_session.hpp"
#include "ipmi/bmc/workaround_flags.hpp"
#include "ipmi/model.hpp"
#include "ipmi/sel/sdr_record.hpp"

namespace dcm::ipmi::bmc {

// IPMI limits: user names up to 16 bytes, IPMI 2.0 passwords up to 20.
inline constexpr std::size_t kIpmiMaxUserLength = 16;
inline constexpr std::size_t kIpmiMaxPasswordLength = 20;

struct IpmiLanOptions {
  // Where SDR caches live: one subdirectory per BMC ("10.0.0.11_623"), kept between runs so a restart
  // does not re-read every SDR. Empty: a private temporary directory, removed with the client.
  std::filesystem::path sdr_cache_root;
  // A session unused for longer than this is replaced by a new one rather than risked (BMCs drop idle
  // sessions after about a minute; a dropped one costs a whole timeout).
  std::chrono::milliseconds session_idle_limit{std::chrono::seconds(20)};
  // After a BMC answers "invalid command" to DCMI Get Power Reading, ask again only after this long.
  std::chrono::seconds dcmi_retry_interval{std::chrono::hours(1)};
};

struct IpmiLanStats {
  std::uint64_t sessions_opened = 0;          // libfreeipmi sessions (sensor scans open their own)
  std::uint64_t sel_records_transferred = 0;  // Get SEL Entry answers, cursor checks included
  std::uint64_t sdr_cache_rebuilds = 0;       // times the SDR cache file was (re)created from the BMC
  bool last_sel_read_full = false;            // the last read_sel re-read the whole log
  std::string last_full_read_reason;          // and why ("SEL erased since the last read", ...)
};

// Empty when `config` can be used for IPMI over LAN; otherwise what is wrong with it ("cipher suite 4 is
// not one FreeIPMI supports (0-3, 6-8, 11-12, 15-17)"), for the inventory loader to report with file:line.
std::string ipmi_config_problem(const ServerConfig& config);

// "host:port" for FreeIPMI, IPv6 addresses in brackets; the port left out when it is 623.
std::string freeipmi_host(const ServerConfig& config);

class IpmiLanClient final : public BmcClient {
 public:
  // Never throws for a bad config: every call then fails with BmcError (unsupported) saying what is wrong,
  // so one bad inventory entry cannot stop the others.
  IpmiLanClient(ServerConfig config, const core::sys::Clock& clock, IpmiLanOptions options = {});
  ~IpmiLanClient() override;
  IpmiLanClient(const IpmiLanClient&) = delete;
  IpmiLanClient& operator=(const IpmiLanClient&) = delete;

  PowerStatus read_power() override;
  std::vector<SensorReading> read_sensors() override;
  SelInfo read_sel_info() override;
  std::vector<SelEvent> read_sel(const SelCursor& cursor) override;
  void power_action(const std::string& action) override;

  // Readable from any thread, also while a call is in flight.
  IpmiLanStats stats() const;
  const std::filesystem::path& sdr_cache_dir() const { return sdr_cache_dir_; }

 private:
  void check_usable() const;
  SelInfo sel_info_locked();
  const sel::SensorDirectory* sensor_directory_locked();
  std::chrono::minutes utc_offset_locked();
  [[noreturn]] void completion_failure(std::string_view operation, std::uint8_t code) const;

  ServerConfig config_;
  const core::sys::Clock& clock_;
  IpmiLanOptions options_;
  std::string problem_;  // non-empty: the config is unusable
  WorkaroundFlags flags_;
  std::filesystem::path sdr_cache_dir_;
  bool owns_sdr_cache_dir_ = false;

  mutable std::mutex mutex_;
  std::unique_ptr<IpmiSession> session_;
  std::unique_ptr<IpmiSensorScan> sensor_scan_;
  sel::SensorDirectory sensors_;
  std::optional<std::chrono::minutes> utc_offset_;
  std::chrono::steady_clock::time_point utc_offset_read_{};
  std::optional<std::chrono::steady_clock::time_point> dcmi_unsupported_since_;
  // Separate from mutex_ so that stats() never waits for a call in flight (up to a timeout).
  mutable std::mutex stats_mutex_;
  IpmiLanStats stats_;
};

}  // namespace dcm::ipmi::bmc
