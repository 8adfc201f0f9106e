// One simulated Redfish BMC: serves a shared fixture tree (read-only, shared by every BMC made from it) plus
// its own changes (power state, log entries added or cleared), checks credentials (basic auth and sessions),
// and applies the fault knobs. Transport-free: SimServer feeds it requests from cpp-httplib, and unit
// tests call handle() directly. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tests/tools/redfish_sim/fixture_tree.hpp"

namespace dcm::test::redfish_sim {

struct SimRequest {
  std::string method;                        // "GET", "POST", "DELETE", "PATCH"
  std::string path;                          // without the query
  std::map<std::string, std::string> query;  // "$top" -> "1"
  std::string body;
  std::string auth_token;     // X-Auth-Token
  std::string authorization;  // Authorization
};

struct SimResponse {
  int status = 200;
  std::string body;
  std::map<std::string, std::string> headers;
  // Promise the whole body in Content-Length, send half of it, then close the connection.
  bool truncate = false;
};

enum class Fault { kNone, kHttp500, kInvalidJson, kTruncated };
// "http500", "invalid_json", "truncated", "none"; nullopt for anything else.
std::optional<Fault> parse_fault(std::string_view name);

class VirtualBmc {
 public:
  // page_size: collections with more members are served in pages linked by Members@odata.nextLink (0: never).
  VirtualBmc(std::shared_ptr<const FixtureTree> tree, int page_size, std::uint64_t seed);

  SimResponse handle(const SimRequest& request);

  // Knobs.
  void set_delay(std::chrono::milliseconds delay);
  std::chrono::milliseconds delay() const;
  void set_fault(const std::string& path, Fault fault);  // Fault::kNone removes the path's fault
  void clear_faults();
  void set_credentials(std::string user, std::string password);
  void set_sessions_enabled(bool enabled);    // off: POST to Sessions answers 405
  void set_basic_auth_enabled(bool enabled);  // off: only X-Auth-Token is accepted
  void expire_sessions();                     // every token becomes invalid (the next request gets 401)
  void set_page_size(int page_size);
  // Adds `count` entries to the log service at service_path (its Entries collection), with Created = now
  // and the given fields (Severity, Message, MessageId, SensorType, EntryCode ...) over the defaults.
  // Returns the entries added. Throws std::invalid_argument when service_path is no log service.
  nlohmann::json add_log_entries(const std::string& service_path, const nlohmann::json& fields, int count);
  void clear_log(const std::string& service_path);

  // Request counts ("GET /redfish/v1/Systems" -> n), sessions, log entries served.
  nlohmann::json stats() const;
  const std::string& fixture_name() const { return tree_->name; }

 private:
  const nlohmann::json* find(const std::string& path) const;
  nlohmann::json& writable(const std::string& path);
  bool authorised(const SimRequest& request) const;
  SimResponse get(const std::string& path, const std::map<std::string, std::string>& query);
  SimResponse create_session(const SimRequest& request);
  SimResponse post_action(const std::string& path, const std::string& body);
  std::string entries_path_of(const std::string& service_path) const;
  nlohmann::json add_entry_locked(const std::string& entries_path, const nlohmann::json& fields, int next_id);
  SimResponse apply_fault(Fault fault, const std::string& path) const;

  std::shared_ptr<const FixtureTree> tree_;
  std::string sessions_path_;  // from the service root's Links.Sessions

  mutable std::mutex mutex_;
  std::map<std::string, nlohmann::json> overlay_;  // resources changed at run time, by path
  std::map<std::string, Fault> faults_;
  std::chrono::milliseconds delay_{0};
  std::string user_, password_;
  bool sessions_enabled_ = true;
  bool basic_enabled_ = true;
  int page_size_ = 0;
  std::map<std::string, std::string> sessions_;  // token -> session id
  std::uint64_t next_session_ = 1;
  std::mt19937_64 random_;
  // Statistics.
  std::map<std::string, std::uint64_t> requests_;
  std::uint64_t sessions_created_ = 0, sessions_deleted_ = 0, auth_failures_ = 0, entries_served_ = 0;
};

}  // namespace dcm::test::redfish_sim
