#include "ipmi/bmc/redfish.hpp"

#include <algorithm>
#include <charconv>

namespace dcm::ipmi::bmc {
namespace {

using nlohmann::json;
using redfish::Problems;

constexpr int kMaxPages = 10000;

std::optional<long long> numeric_id(const std::string& id) {
  long long value = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), value);
  if (ec != std::errc() || end != id.data() + id.size()) {
    return std::nullopt;
  }
  return value;
}

std::string string_of(const json& object, const char* key) {
  if (object.is_object() && object.contains(key) && object[key].is_string()) {
    return object[key].get<std::string>();
  }
  return {};
}

// "/redfish/v1/Managers/iDRAC.Embedded.1/LogServices/Sel" -> "Managers/iDRAC.Embedded.1/Sel".
std::string service_key(std::string path) {
  constexpr std::string_view kPrefix = "/redfish/v1/";
  if (path.starts_with(kPrefix)) {
    path = path.substr(kPrefix.size());
  }
  if (auto at = path.find("/LogServices/"); at != std::string::npos) {
    path = path.substr(0, at) + path.substr(at + std::string_view("/LogServices").size());
  }
  return path;
}

std::optional<std::string> reset_type_for(std::string_view action) {
  if (action == "on")
    return "On";
  if (action == "off")
    return "ForceOff";
  if (action == "cycle")
    return "PowerCycle";
  if (action == "reset")
    return "ForceRestart";
  return std::nullopt;
}

BmcError bad_data(const std::string& where, const std::string& what) {
  return BmcError(BmcError::Kind::kProtocol, "invalid Redfish data from " + where + ": " + what);
}

}  // namespace

RedfishClient::RedfishClient(ServerConfig config, HttpMulti& http, const core::sys::Clock& clock,
                             core::log::Logger logger)
    : config_(std::move(config)), clock_(clock), logger_(std::move(logger)), session_(config_, http) {}

RedfishClient::~RedfishClient() {
  if (session_.auth() == redfish::Session::Auth::kSession) {
    close();
  }
}

void RedfishClient::begin() {
  problems_.clear();
}

void RedfishClient::note(Problems& problems) {
  for (auto& message : problems.messages) {
    if (logged_.insert(message).second && logged_.size() < 1000) {
      logger_->warn("bmc={}: {}", config_.name, message);
    }
    problems_.push_back(std::move(message));
  }
  problems.messages.clear();
}

Task<std::string> RedfishClient::root_link(std::string key) {
  const json root = co_await session_.service_root();
  Problems problems;
  std::string link = redfish::link_field(root, key, "/redfish/v1", problems);
  note(problems);
  co_return link;
}

Task<bool> RedfishClient::top_skip_supported() {
  const json root = co_await session_.service_root();
  co_return root.contains("ProtocolFeaturesSupported") && root["ProtocolFeaturesSupported"].is_object() &&
      root["ProtocolFeaturesSupported"].value("TopSkipQuery", false) == true;
}

Task<std::vector<json>> RedfishClient::members(std::string collection_path) {
  std::vector<json> documents;
  std::string page_path = collection_path;
  for (int page = 0; page < kMaxPages && !page_path.empty(); ++page) {
    const json collection = co_await session_.get_json(page_path);
    if (!collection.contains("Members") || !collection["Members"].is_array()) {
      throw bad_data(page_path, "Members: expected an array");
    }
    for (const auto& member : collection["Members"]) {
      if (!member.is_object() || !member.contains("@odata.id") || !member["@odata.id"].is_string()) {
        throw bad_data(page_path, "Members: expected objects with an @odata.id");
      }
      if (member.size() > 1) {
        documents.push_back(member);  // expanded inline, as many BMCs do for log entries
        continue;
      }
      const std::string path =
          redfish::same_service_path(session_.url(), member["@odata.id"].get<std::string>());
      documents.push_back(co_await session_.get_json(path));
    }
    const std::string next = string_of(collection, "Members@odata.nextLink");
    page_path = next.empty() ? std::string() : redfish::same_service_path(session_.url(), next);
  }
  co_return documents;
}

Task<PowerStatus> RedfishClient::async_read_power() {
  begin();
  const std::string systems_key = "Systems";
  const std::string chassis_key = "Chassis";
  Problems problems;
  const std::string systems_path = co_await root_link(systems_key);
  if (systems_path.empty()) {
    throw BmcError(BmcError::Kind::kUnsupported, "no Systems in the Redfish service root");
  }
  const std::vector<json> systems = co_await members(systems_path);
  PowerStatus status;
  std::vector<std::string> chassis;
  for (const auto& system : systems) {
    const std::string where = string_of(system, "@odata.id");
    if (auto state = redfish::string_field(system, "PowerState", where, problems)) {
      if (auto on = redfish::parse_power_state(*state)) {
        status.on = status.on.value_or(false) || *on;
      }
    }
    if (system.contains("Links") && system["Links"].is_object() && system["Links"].contains("Chassis") &&
        system["Links"]["Chassis"].is_array()) {
      for (const auto& link : system["Links"]["Chassis"]) {
        const std::string path = string_of(link, "@odata.id");
        if (!path.empty() && std::find(chassis.begin(), chassis.end(), path) == chassis.end()) {
          chassis.push_back(redfish::same_service_path(session_.url(), path));
        }
      }
    }
  }
  if (chassis.empty()) {
    const std::string chassis_path = co_await root_link(chassis_key);
    if (!chassis_path.empty()) {
      const std::vector<json> listed1 = co_await members(chassis_path);
      for (const auto& document : listed1) {
        chassis.push_back(string_of(document, "@odata.id"));
      }
    }
  }
  // Watts: EnvironmentMetrics.PowerWatts (newer) or Power.PowerControl (older) of the systems' chassis.
  for (const auto& path : chassis) {
    if (path.empty()) {
      continue;
    }
    const json document = co_await session_.get_json(path);
    const std::string metrics = redfish::link_field(document, "EnvironmentMetrics", path, problems);
    const std::string power = redfish::link_field(document, "Power", path, problems);
    std::optional<double> watts;
    if (!metrics.empty()) {
      const json environment = co_await session_.get_json(metrics);
      watts = redfish::parse_environment_watts(environment, metrics, problems);
    }
    if (!watts && !power.empty()) {
      const json power_document = co_await session_.get_json(power);
      watts = redfish::parse_power_control_watts(power_document, power, problems);
    }
    if (watts) {
      status.watts = status.watts.value_or(0.0) + *watts;
    }
  }
  note(problems);
  co_return status;
}

Task<std::vector<SensorReading>> RedfishClient::async_read_sensors() {
  begin();
  const std::string chassis_key = "Chassis";
  Problems problems;
  std::vector<SensorReading> readings;
  const std::string chassis_path = co_await root_link(chassis_key);
  if (chassis_path.empty()) {
    throw BmcError(BmcError::Kind::kUnsupported, "no Chassis in the Redfish service root");
  }
  const std::vector<json> chassis_list = co_await members(chassis_path);
  std::set<std::string> names;
  for (const auto& chassis : chassis_list) {
    const std::string where = string_of(chassis, "@odata.id");
    const std::string chassis_id = string_of(chassis, "Id");
    std::vector<SensorReading> found;
    const std::string sensors = redfish::link_field(chassis, "Sensors", where, problems);
    if (!sensors.empty()) {
      // Newer model: the Sensors collection, plus fans of ThermalSubsystem that have no sensor there.
      std::set<std::string> sensor_paths;
      const std::vector<json> listed2 = co_await members(sensors);
      for (const auto& sensor : listed2) {
        const std::string path = string_of(sensor, "@odata.id");
        sensor_paths.insert(path);
        if (auto reading = redfish::parse_sensor(sensor, path, problems)) {
          found.push_back(std::move(*reading));
        }
      }
      const std::string thermal = redfish::link_field(chassis, "ThermalSubsystem", where, problems);
      if (!thermal.empty()) {
        const json subsystem = co_await session_.get_json(thermal);
        const std::string fans = redfish::link_field(subsystem, "Fans", thermal, problems);
        if (!fans.empty()) {
          const std::vector<json> listed3 = co_await members(fans);
          for (const auto& fan : listed3) {
            const std::string path = string_of(fan, "@odata.id");
            const std::string source = fan.contains("SpeedPercent")
                                           ? string_of(fan["SpeedPercent"], "DataSourceUri")
                                           : std::string();
            if (!source.empty() && sensor_paths.contains(source)) {
              continue;  // already read from the Sensors collection
            }
            if (auto reading = redfish::parse_fan(fan, path, problems)) {
              found.push_back(std::move(*reading));
            }
          }
        }
      }
    } else {
      // Older model: Thermal (temperatures, fans) and Power (voltages, power supplies).
      const std::string thermal = redfish::link_field(chassis, "Thermal", where, problems);
      if (!thermal.empty()) {
        const json document = co_await session_.get_json(thermal);
        for (auto& reading : redfish::parse_thermal(document, thermal, problems)) {
          found.push_back(std::move(reading));
        }
      }
      const std::string power = redfish::link_field(chassis, "Power", where, problems);
      if (!power.empty()) {
        const json document = co_await session_.get_json(power);
        for (auto& reading : redfish::parse_power_sensors(document, power, problems)) {
          found.push_back(std::move(reading));
        }
      }
    }
    for (auto& reading : found) {
      // Two chassis may both have a "CPU1 Temp": the later one is told apart by its chassis Id.
      if (!names.insert(reading.name).second) {
        reading.name += " (" + chassis_id + ")";
        names.insert(reading.name);
      }
      readings.push_back(std::move(reading));
    }
  }
  note(problems);
  co_return readings;
}

Task<std::vector<RedfishClient::LogService>> RedfishClient::sel_services() {
  if (sel_services_) {
    co_return *sel_services_;
  }
  Problems problems;
  std::vector<LogService> sel, events;
  const std::vector<std::string> owner_kinds{"Managers", "Systems"};
  for (const auto& owner_kind : owner_kinds) {
    const std::string owners_path = co_await root_link(owner_kind);
    if (owners_path.empty()) {
      continue;
    }
    const std::vector<json> listed4 = co_await members(owners_path);
    for (const auto& owner : listed4) {
      const std::string owner_path = string_of(owner, "@odata.id");
      const std::string services_path = redfish::link_field(owner, "LogServices", owner_path, problems);
      if (services_path.empty()) {
        continue;
      }
      const std::vector<json> listed5 = co_await members(services_path);
      for (const auto& service : listed5) {
        const std::string path = string_of(service, "@odata.id");
        const std::string entries = redfish::link_field(service, "Entries", path, problems);
        const std::string type = redfish::string_field(service, "LogEntryType", path, problems).value_or("");
        if (entries.empty()) {
          continue;
        }
        LogService found{path, redfish::same_service_path(session_.url(), entries), service_key(path)};
        if (type == "SEL") {
          sel.push_back(std::move(found));
        } else if (type == "Event" || type == "Multiple") {
          events.push_back(std::move(found));
        }
      }
    }
  }
  note(problems);
  // The IPMI SEL where the BMC has one; otherwise its event logs (OpenBMC keeps the SEL as an event log).
  sel_services_ = sel.empty() ? std::move(events) : std::move(sel);
  co_return *sel_services_;
}

Task<std::optional<TimePoint>> RedfishClient::newest_created(const json& page, const std::string& where) {
  std::optional<TimePoint> newest;
  if (!page.contains("Members") || !page["Members"].is_array() || page["Members"].empty()) {
    co_return newest;
  }
  const auto& members = page["Members"];
  std::vector<json> candidates{members.front()};
  if (members.size() > 1) {
    candidates.push_back(members.back());
  }
  for (auto& candidate : candidates) {
    if (candidate.is_object() && candidate.size() == 1 && candidate.contains("@odata.id")) {
      const std::string path = redfish::same_service_path(session_.url(), string_of(candidate, "@odata.id"));
      candidate = co_await session_.get_json(path);
    }
    if (auto time = redfish::parse_redfish_time(string_of(candidate, "Created"))) {
      newest = newest ? std::max(*newest, *time) : *time;
    }
  }
  (void)where;
  co_return newest;
}

Task<SelInfo> RedfishClient::async_read_sel_info() {
  begin();
  const std::vector<LogService> services = co_await sel_services();
  const bool top_skip = co_await top_skip_supported();
  SelInfo info;
  std::optional<TimePoint> newest;
  for (const auto& service : services) {
    // With $top/$skip: the first and the last entry only. Without: the first page.
    const std::string first_path = top_skip ? service.entries + "?$top=1" : service.entries;
    const json first = co_await session_.get_json(first_path);
    if (!first.contains("Members") || !first["Members"].is_array()) {
      throw bad_data(service.entries, "Members: expected an array");
    }
    std::uint32_t count = static_cast<std::uint32_t>(first["Members"].size());
    if (first.contains("Members@odata.count") && first["Members@odata.count"].is_number_unsigned()) {
      count = first["Members@odata.count"].get<std::uint32_t>();
    }
    info.entries += count;
    std::optional<TimePoint> service_newest = co_await newest_created(first, service.entries);
    if (top_skip && count > 1) {
      const std::string last_path = service.entries + "?$skip=" + std::to_string(count - 1) + "&$top=1";
      const json last = co_await session_.get_json(last_path);
      const std::optional<TimePoint> last_newest = co_await newest_created(last, service.entries);
      if (last_newest && (!service_newest || *last_newest > *service_newest)) {
        service_newest = last_newest;
      }
    }
    if (service_newest && (!newest || *service_newest > *newest)) {
      newest = service_newest;
    }
  }
  if (newest && *newest >= std::chrono::sys_days(std::chrono::year(2001) / 1 / 1)) {
    info.last_add_time = static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::seconds>(newest->time_since_epoch()).count());
  }
  co_return info;
}

Task<std::vector<json>> RedfishClient::log_entries(std::string entries_path, std::string stop_at_id,
                                                   std::string stop_at_created) {
  std::vector<json> entries;
  std::string page_path = entries_path;
  for (int page = 0; page < kMaxPages && !page_path.empty(); ++page) {
    const json collection = co_await session_.get_json(page_path);
    if (!collection.contains("Members") || !collection["Members"].is_array()) {
      throw bad_data(page_path, "Members: expected an array");
    }
    bool stop = false;
    for (const auto& member : collection["Members"]) {
      if (!member.is_object() || !member.contains("@odata.id") || !member["@odata.id"].is_string()) {
        throw bad_data(page_path, "Members: expected objects with an @odata.id");
      }
      json entry = member;
      if (member.size() == 1) {
        const std::string path =
            redfish::same_service_path(session_.url(), member["@odata.id"].get<std::string>());
        entry = co_await session_.get_json(path);
      }
      if (!stop_at_id.empty() && string_of(entry, "Id") == stop_at_id &&
          string_of(entry, "Created") == stop_at_created) {
        stop = true;  // newest-first log: everything after this page is older than the cursor
      }
      entries.push_back(std::move(entry));
    }
    const std::string next = string_of(collection, "Members@odata.nextLink");
    page_path = stop || next.empty() ? std::string() : redfish::same_service_path(session_.url(), next);
  }
  co_return entries;
}

Task<std::vector<SelEvent>> RedfishClient::async_read_sel(SelCursor cursor) {
  begin();
  Problems problems;
  const std::vector<LogService> services = co_await sel_services();
  // The cursor: which service its record came from, its entry Id, and (from the raw entry) its Created.
  json cursor_entry = json::parse(cursor.last_record_raw, nullptr, false);
  if (!cursor_entry.is_object()) {
    cursor_entry = json::object();
  }
  const std::string cursor_created = string_of(cursor_entry, "Created");
  const std::optional<TimePoint> cursor_time = redfish::parse_redfish_time(cursor_created);
  const TimePoint now = clock_.now();

  struct Found {
    SelEvent event;
    std::size_t service;
    std::optional<long long> id;
  };
  std::vector<Found> found;
  for (std::size_t s = 0; s < services.size(); ++s) {
    const auto& service = services[s];
    const std::string prefix = service.key + "/";
    const bool cursor_here = cursor.last_record_id.starts_with(prefix);
    const std::string cursor_id = cursor_here ? cursor.last_record_id.substr(prefix.size()) : std::string();
    const std::vector<json> entries = co_await log_entries(service.entries, cursor_id, cursor_created);
    // Is the cursor's record still there, unchanged? If not, the log was cleared or wrapped: take it all.
    bool cursor_valid = false;
    if (cursor_here) {
      for (const auto& entry : entries) {
        if (string_of(entry, "Id") == cursor_id && string_of(entry, "Created") == cursor_created &&
            string_of(entry, "Message") == string_of(cursor_entry, "Message")) {
          cursor_valid = true;
        }
      }
    }
    const auto cursor_number = numeric_id(cursor_id);
    for (const auto& entry : entries) {
      const std::string id = string_of(entry, "Id");
      const std::string where = string_of(entry, "@odata.id");
      if (id.empty()) {
        problems.add(where.empty() ? service.entries : where, "Id", "missing; entry skipped");
        continue;
      }
      const auto number = numeric_id(id);
      bool is_new = true;
      if (cursor_here && cursor_valid) {
        if (number && cursor_number) {
          is_new = *number > *cursor_number;
        } else {
          const auto time = redfish::parse_redfish_time(string_of(entry, "Created"));
          is_new = id != cursor_id && (!time || !cursor_time || *time >= *cursor_time);
        }
      } else if (!cursor_here && !cursor.last_record_id.empty() && cursor_time) {
        // Another service than the cursor's: what was created after the cursor's record.
        const auto time = redfish::parse_redfish_time(string_of(entry, "Created"));
        is_new = !time || *time > *cursor_time;
      }
      if (is_new) {
        found.push_back({redfish::parse_log_entry(entry, prefix + id, now, where, problems), s, number});
      }
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    const auto ta = a.event.bmc_time.value_or(TimePoint::min());
    const auto tb = b.event.bmc_time.value_or(TimePoint::min());
    if (ta != tb)
      return ta < tb;
    if (a.service != b.service)
      return a.service < b.service;
    return a.id.value_or(0) < b.id.value_or(0);
  });
  std::vector<SelEvent> events;
  events.reserve(found.size());
  for (auto& item : found) {
    events.push_back(std::move(item.event));
  }
  note(problems);
  co_return events;
}

Task<void> RedfishClient::async_power_action(std::string action) {
  begin();
  const std::string systems_key = "Systems";
  const auto reset_type = reset_type_for(action);
  if (!reset_type) {
    throw BmcError(BmcError::Kind::kUnsupported,
                   "unknown power action \"" + action + "\" (expected on, off, cycle or reset)");
  }
  const std::string systems_path = co_await root_link(systems_key);
  if (systems_path.empty()) {
    throw BmcError(BmcError::Kind::kUnsupported, "no Systems in the Redfish service root");
  }
  const std::vector<json> listed6 = co_await members(systems_path);
  for (const auto& system : listed6) {
    const std::string where = string_of(system, "@odata.id");
    if (!system.contains("Actions") || !system["Actions"].is_object() ||
        !system["Actions"].contains("#ComputerSystem.Reset") ||
        !system["Actions"]["#ComputerSystem.Reset"].is_object()) {
      throw BmcError(BmcError::Kind::kUnsupported, "no ComputerSystem.Reset action on " + where);
    }
    const json& reset = system["Actions"]["#ComputerSystem.Reset"];
    const std::string target = redfish::same_service_path(session_.url(), string_of(reset, "target"));
    if (reset.contains("ResetType@Redfish.AllowableValues") &&
        reset["ResetType@Redfish.AllowableValues"].is_array()) {
      const auto& allowed = reset["ResetType@Redfish.AllowableValues"];
      if (std::find(allowed.begin(), allowed.end(), *reset_type) == allowed.end()) {
        std::string list;
        for (const auto& value : allowed) {
          list += (list.empty() ? "" : ", ") + (value.is_string() ? value.get<std::string>() : value.dump());
        }
        throw BmcError(BmcError::Kind::kUnsupported, "ResetType " + *reset_type + " not supported by " +
                                                         where + " (allowed: " + list + ")");
      }
    }
    const std::string method = "POST";
    const std::string body = json{{"ResetType", *reset_type}}.dump();
    const HttpResponse response = co_await session_.send(method, target, body);
    if (response.status != 200 && response.status != 202 && response.status != 204) {
      throw BmcError(BmcError::Kind::kProtocol,
                     "HTTP " + std::to_string(response.status) + " from POST " + target);
    }
  }
}

Task<void> RedfishClient::async_close() {
  co_await session_.logout();
}

Task<RedfishProbe> async_probe_redfish(HttpMulti& http, const ServerConfig& config) {
  HttpRequest request;
  request.url = redfish::base_url(config) + "/redfish/v1";
  request.timeout = config.timeout;
  request.tls_verify = config.tls_verify;
  request.headers.emplace_back("Accept: application/json");
  const HttpResponse response = co_await http.async_fetch(std::move(request));
  RedfishProbe probe;
  if (!response.transferred()) {
    probe.detail = response.error == HttpError::kTimeout
                       ? "timeout after " + describe_duration(config.timeout)
                       : response.error_text;
    co_return probe;
  }
  if (response.status == 401 || response.status == 403) {
    probe.redfish = true;
    probe.detail = "Redfish (the service root asks for credentials)";
    co_return probe;
  }
  if (response.status != 200) {
    probe.detail = "HTTP " + std::to_string(response.status) + " from /redfish/v1";
    co_return probe;
  }
  const json root = json::parse(response.body, nullptr, false);
  if (!root.is_object() || (!root.contains("RedfishVersion") && !root.contains("@odata.id"))) {
    probe.detail = "/redfish/v1 answered, but not with a Redfish service root";
    co_return probe;
  }
  probe.redfish = true;
  probe.detail = "Redfish " + (string_of(root, "RedfishVersion").empty() ? std::string("(version not given)")
                                                                         : string_of(root, "RedfishVersion"));
  if (const std::string vendor = string_of(root, "Vendor"); !vendor.empty()) {
    probe.detail += " (" + vendor + ")";
  }
  co_return probe;
}

RedfishProbe probe_redfish(HttpMulti& http, const ServerConfig& config) {
  return sync_wait(async_probe_redfish(http, config));
}

}  // namespace dcm::ipmi::bmc
