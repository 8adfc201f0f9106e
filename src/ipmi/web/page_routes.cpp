// The HTML pages: fleet dashboard, server page, events page. Every value reaches the templates as data and
// is escaped by {{ }}; the pages' scripts are static files (the Content-Security-Policy allows no inline
// script).
#include <set>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "ipmi/web/json_views.hpp"
#include "ipmi/web/query_params.hpp"
#include "ipmi/web/web_state.hpp"

namespace dcm::ipmi::web {
namespace {

using PageHandler = std::function<void(const Principal&, const core::http::Request&, core::http::Response&)>;

// Pages need a session: without one, the browser goes to /setup (no user yet) or /login.
core::http::Handler page(const SharedState& state, PageHandler handler) {
  return [state, handler = std::move(handler)](const core::http::Request& request,
                                               core::http::Response& response) {
    auto principal = state->auth.identify(request);
    if (!principal) {
      redirect(response, state->context.store.count_users(std::nullopt, false) == 0 ? "/setup" : "/login");
      return;
    }
    handler(*principal, request, response);
  };
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string time_text(TimePoint time) {
  return fmt::format("{:%Y-%m-%d %H:%M:%S}", std::chrono::floor<std::chrono::seconds>(time));
}

std::string event_text(const store::EventRecord& record) {
  return time_text(record.event.effective_time()) + " " + std::string(to_string(record.event.severity)) +
         " " + record.event.sensor_name + ": " + record.event.message;
}

void add_reachability(nlohmann::json& row, const engine::ServerView& view) {
  row["reachable_text"] = !view.collected ? "not yet checked" : view.reachable ? "yes" : "no";
  row["reachable_class"] = !view.collected ? "unknown" : view.reachable ? "up" : "down";
  row["power"] = view.power_on ? (*view.power_on ? "on" : "off") : "?";
}

nlohmann::json severity_options(Severity selected) {
  nlohmann::json options = nlohmann::json::array();
  for (auto severity : {Severity::kInfo, Severity::kWarning, Severity::kCritical}) {
    options.push_back({{"value", std::string(to_string(severity))}, {"selected", severity == selected}});
  }
  return options;
}

nlohmann::json event_row(const store::EventRecord& record) {
  auto row = event_json(record);
  row["time"] = time_text(record.event.effective_time());
  row["path"] = url_encode(record.server);
  return row;
}

void dashboard(WebState& state, const core::http::Request& request, core::http::Response& response,
               const Principal& principal) {
  const auto tag = request.get_param_value("tag");
  const auto views = state.context.fleet.snapshot();
  const auto last = state.context.store.latest_events();
  std::set<std::string> tags;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& view : views) {
    bool matches = tag.empty();
    for (const auto& [key, value] : view.tags) {
      tags.insert(key + "=" + value);
      matches = matches || tag == key + "=" + value;
    }
    if (!matches) {
      continue;
    }
    nlohmann::json row{{"name", view.name},
                       {"path", url_encode(view.name)},
                       {"bmc", view.bmc},
                       {"critical", view.last_24h.critical},
                       {"warning", view.last_24h.warning},
                       {"last_error", view.last_error}};
    add_reachability(row, view);
    auto hottest = hottest_celsius(view);
    row["hottest"] = hottest ? fmt::format("{:.1f}", *hottest) : "";
    auto event = last.find(view.name);
    row["last_event"] = event == last.end() ? "" : event_text(event->second);
    rows.push_back(std::move(row));
  }
  nlohmann::json tag_options = nlohmann::json::array();
  for (const auto& value : tags) {
    tag_options.push_back({{"value", value}, {"selected", value == tag}});
  }
  respond_page(response, "dashboard",
               {{"title", "Fleet"}, {"servers", rows}, {"tags", tag_options}, {"tag", tag}}, principal);
}

void server_page(WebState& state, const core::http::Request& request, core::http::Response& response,
                 const Principal& principal) {
  const std::string name = request.matches[1];
  const auto views = state.context.fleet.snapshot();
  auto it = std::find_if(views.begin(), views.end(), [&](const auto& view) { return view.name == name; });
  if (it == views.end()) {
    respond_page(response, "dashboard", {{"title", "Not found"}, {"servers", nlohmann::json::array()}},
                 principal, 404);
    return;
  }
  const auto severity = severity_param(request, "severity").value_or(Severity::kInfo);
  nlohmann::json data{{"title", name}, {"name", name}, {"bmc", it->bmc}, {"last_error", it->last_error}};
  add_reachability(data, *it);
  data["sensors"] = nlohmann::json::array();
  data["numeric"] = nlohmann::json::array();
  for (const auto& sensor : it->sensors) {
    auto row = sensor_json(sensor);
    row["value"] = sensor.value ? fmt::format("{:g}", *sensor.value) : "";
    data["sensors"].push_back(row);
    if (sensor.value) {
      data["numeric"].push_back({{"name", sensor.name}, {"unit", sensor.unit}});
    }
  }
  data["severities"] = severity_options(severity);
  data["events"] = nlohmann::json::array();
  store::EventFilter filter;
  filter.server = name;
  filter.min_severity = severity;
  filter.limit = 200;
  for (const auto& record : state.context.store.events(filter)) {
    data["events"].push_back(event_row(record));
  }
  respond_page(response, "server", data, principal);
}

void events_page(WebState& state, const core::http::Request& request, core::http::Response& response,
                 const Principal& principal) {
  nlohmann::json data{{"title", "Events"}, {"can_ack", principal.may(store::Role::kOperator)}};
  store::EventFilter filter;
  try {
    filter = event_filter(request);
  } catch (const BadRequest& e) {
    data["error"] = e.what();
  }
  data["severities"] = severity_options(filter.min_severity);
  data["server"] = filter.server.value_or("");
  data["acked"] = filter.acknowledged == true;
  data["unacked"] = filter.acknowledged == false;
  data["events"] = nlohmann::json::array();
  for (const auto& record : state.context.store.events(filter)) {
    data["events"].push_back(event_row(record));
  }
  const auto total = state.context.store.count_events(filter);
  data["total"] = total;
  if (filter.offset + filter.limit < total) {
    std::string next = "/events?offset=" + std::to_string(filter.offset + filter.limit) +
                       "&severity=" + std::string(to_string(filter.min_severity));
    if (filter.server) {
      next += "&server=" + url_encode(*filter.server);
    }
    if (filter.acknowledged) {
      next += *filter.acknowledged ? "&acknowledged=true" : "&acknowledged=false";
    }
    data["next"] = next;
  }
  respond_page(response, "events", data, principal);
}

}  // namespace

void register_page_routes(core::http::Server& server, const SharedState& state) {
  server.get("/", page(state, [state](const Principal& principal, const core::http::Request& request,
                                      core::http::Response& response) {
               dashboard(*state, request, response, principal);
             }));
  server.get(R"(/servers/(.+))",
             page(state, [state](const Principal& principal, const core::http::Request& request,
                                 core::http::Response& response) {
               try {
                 server_page(*state, request, response, principal);
               } catch (const BadRequest& e) {
                 respond_error(response, 400, e.what());
               }
             }));
  server.get("/events", page(state, [state](const Principal& principal, const core::http::Request& request,
                                            core::http::Response& response) {
               events_page(*state, request, response, principal);
             }));
  server.post(R"(/events/(\d{1,18})/ack)",
              page(state, [state](const Principal& principal, const core::http::Request& request,
                                  core::http::Response& response) {
                if (!state->auth.csrf_ok(principal, request)) {
                  respond_error(response, 403, "missing or wrong CSRF token");
                  return;
                }
                if (!principal.may(store::Role::kOperator)) {
                  respond_error(response, 403, "acknowledging needs the operator role");
                  return;
                }
                const auto id = std::stoll(std::string(request.matches[1]));
                if (state->context.store.acknowledge(id, principal.name)) {
                  state->audit(principal.name, "event.ack", std::to_string(id), request);
                }
                redirect(response, "/events");
              }));
}

}  // namespace dcm::ipmi::web
