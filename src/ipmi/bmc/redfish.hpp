// RedfishClient: a BmcClient over Redfish (DMTF DSP0266) with libcurl through HttpMulti. Everything is found
// by following @odata.id links from the service root; no vendor path is written here. What is read from
// where, and how the SEL is read incrementally: docs/ipmi-monitor/redfish.md.
//
// Each operation exists twice: async_*() returns a Task that runs its HTTP steps on the HttpMulti thread (the
// collection engine spawns many at once from one thread), and the BmcClient methods wait for that Task
// (sync_wait) for callers that have a thread to block. One operation at a time per client. The client and the
// HttpMulti must outlive every Task the client returned; destroy clients before their HttpMulti.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/log/logging.hpp"
#include "core/sys/clock.hpp"
#include "ipmi/bmc/bmc_client.hpp"
#include "ipmi/bmc/http_multi.hpp"
#include "ipmi/bmc/redfish_parse.hpp"
#include "ipmi/bmc/redfish_session.hpp"
#include "ipmi/bmc/task.hpp"

namespace dcm::ipmi::bmc {

class RedfishClient final : public BmcClient {
 public:
  RedfishClient(ServerConfig config, HttpMulti& http, const core::sys::Clock& clock,
                core::log::Logger logger = core::log::null_logger());
  // Logs out (DELETE of the session) when a session is open.
  ~RedfishClient() override;
  RedfishClient(const RedfishClient&) = delete;
  RedfishClient& operator=(const RedfishClient&) = delete;

  PowerStatus read_power() override { return sync_wait(async_read_power()); }
  std::vector<SensorReading> read_sensors() override { return sync_wait(async_read_sensors()); }
  SelInfo read_sel_info() override { return sync_wait(async_read_sel_info()); }
  std::vector<SelEvent> read_sel(const SelCursor& cursor) override {
    return sync_wait(async_read_sel(cursor));
  }
  void power_action(const std::string& action) override { sync_wait(async_power_action(action)); }
  void close() { sync_wait(async_close()); }

  Task<PowerStatus> async_read_power();
  Task<std::vector<SensorReading>> async_read_sensors();
  Task<SelInfo> async_read_sel_info();
  Task<std::vector<SelEvent>> async_read_sel(SelCursor cursor);
  Task<void> async_power_action(std::string action);
  Task<void> async_close();

  // Field-level problems met by the last operation ("...: Reading: expected a number, got string"); each
  // is also logged once at warning level.
  const std::vector<std::string>& problems() const { return problems_; }
  redfish::Session::Auth auth() const { return session_.auth(); }

 private:
  struct LogService {
    std::string path;     // "/redfish/v1/Managers/iDRAC.Embedded.1/LogServices/Sel"
    std::string entries;  // its Entries collection
    std::string key;      // "Managers/iDRAC.Embedded.1/Sel": prefix of the record ids of its entries
  };

  Task<std::string> root_link(std::string key);
  // Every member of a collection as a document (inline members as given, linked ones fetched), every page.
  Task<std::vector<nlohmann::json>> members(std::string collection_path);
  // The entries of a log in listing order; stops paging once a page holds `stop_at` (an entry Id).
  Task<std::vector<nlohmann::json>> log_entries(std::string entries_path, std::string stop_at_id,
                                                std::string stop_at_created);
  Task<std::vector<LogService>> sel_services();
  Task<std::optional<TimePoint>> newest_created(const nlohmann::json& page, const std::string& where);
  Task<bool> top_skip_supported();
  void begin();
  void note(redfish::Problems& problems);

  ServerConfig config_;
  const core::sys::Clock& clock_;
  core::log::Logger logger_;
  redfish::Session session_;
  std::optional<std::vector<LogService>> sel_services_;  // discovered once
  std::vector<std::string> problems_;
  std::set<std::string> logged_;
};

// protocol: auto. GET /redfish/v1 without credentials: redfish is true when a Redfish service root answers
// (or the service asks for credentials there); detail says what answered or why it is not Redfish.
struct RedfishProbe {
  bool redfish = false;
  std::string detail;  // "Redfish 1.17.0 (Dell)" or "HTTP 404 from /redfish/v1" or "timeout after 5 s"
};
Task<RedfishProbe> async_probe_redfish(HttpMulti& http, const ServerConfig& config);
RedfishProbe probe_redfish(HttpMulti& http, const ServerConfig& config);

}  // namespace dcm::ipmi::bmc
