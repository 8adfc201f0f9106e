#include "tests/tools/redfish_sim/virtual_bmc.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <stdexcept>

namespace dcm::test::redfish_sim {
namespace {

using nlohmann::json;

constexpr std::string_view kResetSuffix = "/Actions/ComputerSystem.Reset";
constexpr std::string_view kClearLogSuffix = "/Actions/LogService.ClearLog";

SimResponse json_response(int status, const json& body) {
  SimResponse response;
  response.status = status;
  response.body = body.dump();
  response.headers["Content-Type"] = "application/json";
  response.headers["OData-Version"] = "4.0";
  return response;
}

// A Redfish error body (DSP0266 "Error responses").
SimResponse error(int status, std::string_view message_id, std::string_view message) {
  return json_response(
      status,
      json{{"error",
            {{"code", message_id},
             {"message", message},
             {"@Message.ExtendedInfo",
              json::array({{{"MessageId", message_id}, {"Message", message}, {"Severity", "Critical"}}})}}}});
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::optional<int> to_int(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

std::string base64_decode(std::string_view text) {
  auto value_of = [](char c) -> int {
    if (c >= 'A' && c <= 'Z')
      return c - 'A';
    if (c >= 'a' && c <= 'z')
      return c - 'a' + 26;
    if (c >= '0' && c <= '9')
      return c - '0' + 52;
    if (c == '+')
      return 62;
    if (c == '/')
      return 63;
    return -1;
  };
  std::string out;
  int buffer = 0, bits = 0;
  for (char c : text) {
    const int v = value_of(c);
    if (v < 0) {
      break;  // '=' padding or garbage ends the data
    }
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

std::string iso8601_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+00:00", &utc);
  return text;
}

bool is_log_entry_collection(const json& document) {
  return document.value("@odata.type", "").find("LogEntryCollection") != std::string::npos;
}

// A member of a LogEntryCollection served inline (the full entry) rather than as a link.
bool inline_member(const json& member) {
  return member.is_object() && member.contains("Id");
}

std::string request_key(const SimRequest& request) {
  std::string key = request.method + " " + request.path;
  char separator = '?';
  for (const auto& [name, value] : request.query) {
    key += separator + name + "=" + value;
    separator = '&';
  }
  return key;
}

}  // namespace

std::optional<Fault> parse_fault(std::string_view name) {
  if (name == "http500")
    return Fault::kHttp500;
  if (name == "invalid_json")
    return Fault::kInvalidJson;
  if (name == "truncated")
    return Fault::kTruncated;
  if (name == "none")
    return Fault::kNone;
  return std::nullopt;
}

VirtualBmc::VirtualBmc(std::shared_ptr<const FixtureTree> tree, int page_size, std::uint64_t seed)
    : tree_(std::move(tree)),
      user_(tree_->user),
      password_(tree_->password),
      page_size_(page_size),
      random_(seed) {
  const auto& root = tree_->resources.at("/redfish/v1");
  if (root.contains("Links") && root["Links"].contains("Sessions")) {
    sessions_path_ = normalise_path(root["Links"]["Sessions"].value("@odata.id", ""));
  }
}

const json* VirtualBmc::find(const std::string& path) const {
  if (auto it = overlay_.find(path); it != overlay_.end()) {
    return &it->second;
  }
  if (auto it = tree_->resources.find(path); it != tree_->resources.end()) {
    return &it->second;
  }
  return nullptr;
}

json& VirtualBmc::writable(const std::string& path) {
  if (auto it = overlay_.find(path); it != overlay_.end()) {
    return it->second;
  }
  return overlay_[path] = tree_->resources.at(path);
}

bool VirtualBmc::authorised(const SimRequest& request) const {
  if (!request.auth_token.empty()) {
    return sessions_.contains(request.auth_token);
  }
  constexpr std::string_view kBasic = "Basic ";
  if (basic_enabled_ && request.authorization.starts_with(kBasic)) {
    return base64_decode(std::string_view(request.authorization).substr(kBasic.size())) ==
           user_ + ":" + password_;
  }
  return false;
}

SimResponse VirtualBmc::apply_fault(Fault fault, const std::string& path) const {
  switch (fault) {
    case Fault::kHttp500:
      return error(500, "Base.1.8.InternalError", "simulated internal error on " + path);
    case Fault::kInvalidJson: {
      SimResponse response = json_response(200, json::object());
      response.body = R"({"@odata.id": ")" + path + R"(", "Name": <html>Service Unavailable</html>)";
      return response;
    }
    case Fault::kTruncated: {
      const json* document = find(path);
      SimResponse response = json_response(200, document != nullptr ? *document : json{{"@odata.id", path}});
      response.truncate = true;
      return response;
    }
    case Fault::kNone:
      break;
  }
  return error(500, "Base.1.8.InternalError", "unknown fault");
}

SimResponse VirtualBmc::handle(const SimRequest& request) {
  std::lock_guard lock(mutex_);
  ++requests_[request_key(request)];
  std::string path = normalise_path(request.path);
  if (path == "/redfish/v1/odata" || path == "/redfish/v1/$metadata") {
    return error(404, "Base.1.8.ResourceMissingAtURI", "not simulated");
  }
  if (auto it = faults_.find(path); it != faults_.end()) {
    return apply_fault(it->second, path);
  }
  if (request.method == "GET" && path == "/redfish") {
    return json_response(200, json{{"v1", "/redfish/v1/"}});
  }
  if (request.method == "GET" && path == "/redfish/v1") {
    return get(path, request.query);
  }
  if (request.method == "POST" && !sessions_path_.empty() && path == sessions_path_) {
    return create_session(request);
  }
  if (!authorised(request)) {
    ++auth_failures_;
    SimResponse response = error(401, "Base.1.8.NoValidSession", "authentication required");
    response.headers["WWW-Authenticate"] = "Basic realm=\"redfish-sim\"";
    return response;
  }
  if (request.method == "GET") {
    return get(path, request.query);
  }
  if (request.method == "DELETE" && !sessions_path_.empty() && path.starts_with(sessions_path_ + "/")) {
    const std::string id = path.substr(sessions_path_.size() + 1);
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second == id) {
        sessions_.erase(it);
        ++sessions_deleted_;
        SimResponse response;
        response.status = 204;
        return response;
      }
    }
    return error(404, "Base.1.8.ResourceMissingAtURI", "no session " + id);
  }
  if (request.method == "POST") {
    return post_action(path, request.body);
  }
  return error(405, "Base.1.8.OperationNotAllowed", request.method + " not allowed on " + path);
}

SimResponse VirtualBmc::get(const std::string& path, const std::map<std::string, std::string>& query) {
  if (!sessions_path_.empty() && path == sessions_path_) {
    json members = json::array();
    for (const auto& entry : sessions_) {
      members.push_back({{"@odata.id", sessions_path_ + "/" + entry.second}});
    }
    return json_response(200, json{{"@odata.id", sessions_path_},
                                   {"@odata.type", "#SessionCollection.SessionCollection"},
                                   {"Name", "Session Collection"},
                                   {"Members", members},
                                   {"Members@odata.count", members.size()}});
  }
  if (!sessions_path_.empty() && path.starts_with(sessions_path_ + "/")) {
    const std::string id = path.substr(sessions_path_.size() + 1);
    for (const auto& entry : sessions_) {
      if (entry.second == id) {
        return json_response(200, json{{"@odata.id", path},
                                       {"@odata.type", "#Session.v1_3_0.Session"},
                                       {"Id", id},
                                       {"Name", "User Session"},
                                       {"UserName", user_}});
      }
    }
  }
  const json* document = find(path);
  if (document == nullptr) {
    return error(404, "Base.1.8.ResourceMissingAtURI", "no resource at " + path);
  }
  if (!document->contains("Members") || !(*document)["Members"].is_array()) {
    if (document->value("@odata.type", "").starts_with("#LogEntry.")) {
      ++entries_served_;
    }
    return json_response(200, *document);
  }
  const auto& members = (*document)["Members"];
  const auto total = static_cast<int>(members.size());
  int skip = 0;
  std::optional<int> top;
  if (auto it = query.find("$skip"); it != query.end()) {
    auto value = to_int(it->second);
    if (!value) {
      return error(400, "Base.1.8.QueryParameterValueTypeError", "$skip must be a number");
    }
    skip = std::min(*value, total);
  }
  if (auto it = query.find("$top"); it != query.end()) {
    top = to_int(it->second);
    if (!top) {
      return error(400, "Base.1.8.QueryParameterValueTypeError", "$top must be a number");
    }
  }
  int count = total - skip;
  bool more = false;
  if (top) {
    count = std::min(count, *top);
  } else if (page_size_ > 0 && count > page_size_) {
    count = page_size_;
    more = true;
  }
  json page = *document;
  page["Members"] = json(members.begin() + skip, members.begin() + skip + count);
  page["Members@odata.count"] = total;
  if (more) {
    page["Members@odata.nextLink"] = path + "?$skip=" + std::to_string(skip + count);
  }
  if (is_log_entry_collection(*document)) {
    for (const auto& member : page["Members"]) {
      entries_served_ += inline_member(member) ? 1 : 0;
    }
  }
  return json_response(200, page);
}

SimResponse VirtualBmc::create_session(const SimRequest& request) {
  if (!sessions_enabled_) {
    return error(405, "Base.1.8.OperationNotAllowed", "sessions are disabled on this service");
  }
  json body = json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("UserName") || !body.contains("Password") ||
      !body["UserName"].is_string() || !body["Password"].is_string()) {
    return error(400, "Base.1.8.PropertyMissing", "UserName and Password are required");
  }
  if (body["UserName"] != user_ || body["Password"] != password_) {
    ++auth_failures_;
    return error(401, "Base.1.8.NoValidSession", "invalid user name or password");
  }
  const std::string id = std::to_string(next_session_++);
  char token[33];
  std::snprintf(token, sizeof token, "%016llx%016llx", static_cast<unsigned long long>(random_()),
                static_cast<unsigned long long>(random_()));
  sessions_[token] = id;
  ++sessions_created_;
  SimResponse response = json_response(201, json{{"@odata.id", sessions_path_ + "/" + id},
                                                 {"@odata.type", "#Session.v1_3_0.Session"},
                                                 {"Id", id},
                                                 {"Name", "User Session"},
                                                 {"UserName", user_}});
  response.headers["X-Auth-Token"] = token;
  response.headers["Location"] = sessions_path_ + "/" + id;
  return response;
}

SimResponse VirtualBmc::post_action(const std::string& path, const std::string& body) {
  if (ends_with(path, kResetSuffix)) {
    const std::string system_path = path.substr(0, path.size() - kResetSuffix.size());
    const json* system = find(system_path);
    if (system == nullptr || !system->contains("Actions") ||
        !(*system)["Actions"].contains("#ComputerSystem.Reset")) {
      return error(404, "Base.1.8.ResourceMissingAtURI", "no reset action at " + path);
    }
    const json& action = (*system)["Actions"]["#ComputerSystem.Reset"];
    const json request = json::parse(body, nullptr, false);
    if (!request.is_object() || !request.contains("ResetType") || !request["ResetType"].is_string()) {
      return error(400, "Base.1.8.ActionParameterMissing", "ResetType is required");
    }
    const std::string type = request["ResetType"];
    if (action.contains("ResetType@Redfish.AllowableValues")) {
      const auto& allowed = action["ResetType@Redfish.AllowableValues"];
      if (std::find(allowed.begin(), allowed.end(), type) == allowed.end()) {
        return error(400, "Base.1.8.ActionParameterNotSupported", "ResetType " + type + " not supported");
      }
    }
    json& writable_system = writable(system_path);
    const std::string now = writable_system.value("PowerState", "Off");
    std::string next = "On";
    if (type == "ForceOff" || type == "GracefulShutdown") {
      next = "Off";
    } else if (type == "PushPowerButton") {
      next = now == "On" ? "Off" : "On";
    }
    writable_system["PowerState"] = next;
    SimResponse response;
    response.status = 204;
    return response;
  }
  if (ends_with(path, kClearLogSuffix)) {
    const std::string service_path = path.substr(0, path.size() - kClearLogSuffix.size());
    if (entries_path_of(service_path).empty()) {
      return error(404, "Base.1.8.ResourceMissingAtURI", "no log service at " + service_path);
    }
    json& entries = writable(entries_path_of(service_path));
    entries["Members"] = json::array();
    entries["Members@odata.count"] = 0;
    SimResponse response;
    response.status = 204;
    return response;
  }
  return error(405, "Base.1.8.OperationNotAllowed", "POST not allowed on " + path);
}

std::string VirtualBmc::entries_path_of(const std::string& service_path) const {
  const json* service = find(normalise_path(service_path));
  if (service == nullptr || !service->contains("Entries") || !(*service)["Entries"].is_object()) {
    return {};
  }
  const std::string path = normalise_path((*service)["Entries"].value("@odata.id", ""));
  return find(path) != nullptr ? path : std::string();
}

json VirtualBmc::add_entry_locked(const std::string& entries_path, const json& fields, int next_id) {
  json& collection = writable(entries_path);
  json& members = collection["Members"];
  const bool inline_members = members.empty() || inline_member(members.front());
  const std::string id = std::to_string(next_id);
  json entry = {{"@odata.id", entries_path + "/" + id},
                {"@odata.type", "#LogEntry.v1_9_0.LogEntry"},
                {"Id", id},
                {"Name", "Log Entry " + id},
                {"EntryType", "SEL"},
                {"Created", iso8601_now()},
                {"Severity", "OK"},
                {"Message", "simulated event"},
                {"MessageId", "SIM0001"}};
  for (const auto& [key, value] : fields.items()) {
    entry[key] = value;
  }
  overlay_[entries_path + "/" + id] = entry;
  const json member = inline_members ? entry : json{{"@odata.id", entry["@odata.id"]}};
  if (tree_->newest_first.contains(entries_path)) {
    members.insert(members.begin(), member);
  } else {
    members.push_back(member);
  }
  collection["Members@odata.count"] = members.size();
  return entry;
}

json VirtualBmc::add_log_entries(const std::string& service_path, const json& fields, int count) {
  std::lock_guard lock(mutex_);
  const std::string entries_path = entries_path_of(service_path);
  if (entries_path.empty()) {
    throw std::invalid_argument("no log service with entries at " + service_path);
  }
  int next_id = 1;
  for (const auto& member : writable(entries_path)["Members"]) {
    const std::string link = member.value("@odata.id", "");
    const std::string id = member.contains("Id") ? member.value("Id", "") : link.substr(link.rfind('/') + 1);
    if (auto number = to_int(id)) {
      next_id = std::max(next_id, *number + 1);
    }
  }
  json added = json::array();
  for (int i = 0; i < count; ++i) {
    added.push_back(add_entry_locked(entries_path, fields, next_id + i));
  }
  return added;
}

void VirtualBmc::clear_log(const std::string& service_path) {
  std::lock_guard lock(mutex_);
  const std::string entries_path = entries_path_of(service_path);
  if (entries_path.empty()) {
    throw std::invalid_argument("no log service with entries at " + service_path);
  }
  json& entries = writable(entries_path);
  entries["Members"] = json::array();
  entries["Members@odata.count"] = 0;
}

void VirtualBmc::set_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  delay_ = delay;
}

std::chrono::milliseconds VirtualBmc::delay() const {
  std::lock_guard lock(mutex_);
  return delay_;
}

void VirtualBmc::set_fault(const std::string& path, Fault fault) {
  std::lock_guard lock(mutex_);
  if (fault == Fault::kNone) {
    faults_.erase(normalise_path(path));
  } else {
    faults_[normalise_path(path)] = fault;
  }
}

void VirtualBmc::clear_faults() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}

void VirtualBmc::set_credentials(std::string user, std::string password) {
  std::lock_guard lock(mutex_);
  user_ = std::move(user);
  password_ = std::move(password);
}

void VirtualBmc::set_sessions_enabled(bool enabled) {
  std::lock_guard lock(mutex_);
  sessions_enabled_ = enabled;
}

void VirtualBmc::set_basic_auth_enabled(bool enabled) {
  std::lock_guard lock(mutex_);
  basic_enabled_ = enabled;
}

void VirtualBmc::expire_sessions() {
  std::lock_guard lock(mutex_);
  sessions_.clear();
}

void VirtualBmc::set_page_size(int page_size) {
  std::lock_guard lock(mutex_);
  page_size_ = page_size;
}

json VirtualBmc::stats() const {
  std::lock_guard lock(mutex_);
  std::uint64_t total = 0;
  for (const auto& entry : requests_) {
    total += entry.second;
  }
  return json{{"requests", requests_},
              {"requests_total", total},
              {"sessions_created", sessions_created_},
              {"sessions_deleted", sessions_deleted_},
              {"sessions_active", sessions_.size()},
              {"auth_failures", auth_failures_},
              {"log_entries_served", entries_served_}};
}

}  // namespace dcm::test::redfish_sim
