#include "tests/tools/redfish_sim/control_api.hpp"

#include <stdexcept>

namespace dcm::test::redfish_sim {
namespace {

using nlohmann::json;

template <typename T>
T required(const json& body, const char* key) {
  if (!body.is_object() || !body.contains(key)) {
    throw std::invalid_argument(std::string("missing \"") + key + "\"");
  }
  try {
    return body[key].get<T>();
  } catch (const json::exception&) {
    throw std::invalid_argument(std::string("\"") + key + "\" has the wrong type");
  }
}

}  // namespace

json apply_control(VirtualBmc& bmc, const std::string& verb, const json& body) {
  if (verb == "delay") {
    bmc.set_delay(std::chrono::milliseconds(required<int>(body, "ms")));
  } else if (verb == "fault") {
    const auto kind = parse_fault(required<std::string>(body, "kind"));
    if (!kind) {
      throw std::invalid_argument("kind must be http500, invalid_json, truncated or none");
    }
    bmc.set_fault(required<std::string>(body, "path"), *kind);
  } else if (verb == "clear_faults") {
    bmc.clear_faults();
  } else if (verb == "credentials") {
    bmc.set_credentials(required<std::string>(body, "user"), required<std::string>(body, "password"));
  } else if (verb == "sessions") {
    bmc.set_sessions_enabled(required<bool>(body, "enabled"));
  } else if (verb == "basic_auth") {
    bmc.set_basic_auth_enabled(required<bool>(body, "enabled"));
  } else if (verb == "expire_sessions") {
    bmc.expire_sessions();
  } else if (verb == "page_size") {
    bmc.set_page_size(required<int>(body, "size"));
  } else if (verb == "add_log_entry") {
    const int count = body.is_object() && body.contains("count") ? required<int>(body, "count") : 1;
    const json fields = body.is_object() && body.contains("fields") ? body["fields"] : json::object();
    if (!fields.is_object()) {
      throw std::invalid_argument("\"fields\" must be an object");
    }
    return bmc.add_log_entries(required<std::string>(body, "service"), fields, count);
  } else if (verb == "clear_log") {
    bmc.clear_log(required<std::string>(body, "service"));
  } else {
    throw std::invalid_argument("unknown control verb \"" + verb + "\"");
  }
  return json{{"ok", true}};
}

}  // namespace dcm::test::redfish_sim
