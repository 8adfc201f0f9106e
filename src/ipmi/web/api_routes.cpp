// The JSON API under /api/v1: read from FleetState and the store (never from a BMC), anonymous requests
// refused with 401, writes need operator or admin plus CSRF (sessions) and are audited.
#include <algorithm>

#include "core/config/text.hpp"
#include "core/secrets/tokens.hpp"
#include "ipmi/web/json_views.hpp"
#include "ipmi/web/query_params.hpp"
#include "ipmi/web/web_state.hpp"

namespace dcm::ipmi::web {
namespace {

using Authed = std::function<void(const Principal&, const core::http::Request&, core::http::Response&)>;

// Wraps a handler: 401 without a valid session or token, 403 below `role`, 403 without CSRF on writes,
// 400 for BadRequest.
core::http::Handler guarded(const SharedState& state, store::Role role, bool writes, Authed handler) {
  return [state, role, writes, handler = std::move(handler)](const core::http::Request& request,
                                                             core::http::Response& response) {
    auto principal = state->auth.identify(request);
    if (!principal) {
      response.set_header("WWW-Authenticate", "Bearer realm=\"ipmi-monitor\"");
      respond_error(response, 401, "authentication required: log in or send Authorization: Bearer <token>");
      return;
    }
    if (!principal->may(role)) {
      respond_error(response, 403,
                    std::string("this needs the ") + std::string(store::to_string(role)) + " role; you are " +
                        std::string(store::to_string(principal->role)));
      return;
    }
    if (writes && !state->auth.csrf_ok(*principal, request)) {
      respond_error(response, 403, "missing or wrong CSRF token (X-CSRF-Token header or csrf form field)");
      return;
    }
    try {
      handler(*principal, request, response);
    } catch (const BadRequest& e) {
      respond_error(response, 400, e.what());
    }
  };
}

const engine::ServerView* find_view(const std::vector<engine::ServerView>& views, const std::string& name) {
  auto it = std::find_if(views.begin(), views.end(), [&](const auto& view) { return view.name == name; });
  return it == views.end() ? nullptr : &*it;
}

}  // namespace

void register_api_routes(core::http::Server& server, const SharedState& state) {
  server.get("/api/v1/servers",
             guarded(state, store::Role::kViewer, false,
                     [state](const Principal&, const core::http::Request&, core::http::Response& response) {
                       const auto views = state->context.fleet.snapshot();
                       const auto last = state->context.store.latest_events();
                       nlohmann::json servers = nlohmann::json::array();
                       for (const auto& view : views) {
                         auto event = last.find(view.name);
                         servers.push_back(
                             server_summary_json(view, event == last.end() ? nullptr : &event->second));
                       }
                       respond_json(response, 200, {{"servers", servers}});
                     }));

  server.get(
      R"(/api/v1/servers/(.+)/history)",
      guarded(state, store::Role::kViewer, false,
              [state](const Principal&, const core::http::Request& request, core::http::Response& response) {
                const std::string name = request.matches[1];
                const auto sensor = request.get_param_value("sensor");
                if (sensor.empty() || sensor.size() > 200) {
                  throw BadRequest("sensor: required (a sensor name from /api/v1/servers/{name})");
                }
                if (!state->context.store.server(name)) {
                  respond_error(response, 404, "no server named '" + name.substr(0, 100) + "'");
                  return;
                }
                const auto now = state->context.clock.now();
                const auto to = time_param(request, "to").value_or(now);
                const auto from = time_param(request, "from").value_or(to - std::chrono::hours(24));
                if (from > to) {
                  throw BadRequest("from: must not be after to");
                }
                nlohmann::json time = nlohmann::json::array(), min = nlohmann::json::array(),
                               avg = nlohmann::json::array(), max = nlohmann::json::array();
                for (const auto& point : state->context.store.sensor_history(name, sensor, from, to)) {
                  time.push_back(unix_time(point.time));
                  min.push_back(point.min);
                  avg.push_back(point.avg);
                  max.push_back(point.max);
                }
                respond_json(response, 200,
                             {{"server", name},
                              {"sensor", sensor},
                              {"from", unix_time(from)},
                              {"to", unix_time(to)},
                              {"time", time},
                              {"min", min},
                              {"avg", avg},
                              {"max", max}});
              }));

  server.get(
      R"(/api/v1/servers/(.+))",
      guarded(state, store::Role::kViewer, false,
              [state](const Principal&, const core::http::Request& request, core::http::Response& response) {
                const std::string name = request.matches[1];
                const auto views = state->context.fleet.snapshot();
                const auto* view = find_view(views, name);
                if (view == nullptr) {
                  respond_error(response, 404, "no server named '" + name.substr(0, 100) + "'");
                  return;
                }
                store::EventFilter newest;
                newest.server = name;
                newest.limit = 1;
                auto latest = state->context.store.events(newest);
                auto json = server_summary_json(*view, latest.empty() ? nullptr : &latest.front());
                json["sensors"] = nlohmann::json::array();
                for (const auto& sensor : view->sensors) {
                  json["sensors"].push_back(sensor_json(sensor));
                }
                respond_json(response, 200, json);
              }));

  server.get("/api/v1/events", guarded(state, store::Role::kViewer, false,
                                       [state](const Principal&, const core::http::Request& request,
                                               core::http::Response& response) {
                                         const auto filter = event_filter(request);
                                         nlohmann::json events = nlohmann::json::array();
                                         for (const auto& record : state->context.store.events(filter)) {
                                           events.push_back(event_json(record));
                                         }
                                         respond_json(response, 200,
                                                      {{"total", state->context.store.count_events(filter)},
                                                       {"limit", filter.limit},
                                                       {"offset", filter.offset},
                                                       {"events", events}});
                                       }));

  // API tokens for automation: an admin creates one (shown once, stored only as its keyed hash), lists
  // them (never the token), and deletes one.
  server.post(
      "/api/v1/tokens",
      guarded(state, store::Role::kAdmin, true,
              [state](const Principal& principal, const core::http::Request& request,
                      core::http::Response& response) {
                auto body = nlohmann::json::parse(request.body, nullptr, false);
                if (body.is_discarded() || !body.is_object() || !body.contains("name") ||
                    !body["name"].is_string() || !body.value("role", nlohmann::json("viewer")).is_string()) {
                  throw BadRequest(R"(body: expected {"name": "...", "role": "viewer|operator|admin"})");
                }
                const auto name = body["name"].get<std::string>();
                const auto role = store::parse_role(body.value("role", std::string("viewer")));
                if (name.empty() || name.size() > 64) {
                  throw BadRequest("name: 1 to 64 characters");
                }
                if (!role) {
                  throw BadRequest("role: expected viewer, operator or admin");
                }
                const auto token = core::secrets::random_token(32);
                const auto id = state->context.store.create_api_token(state->hasher.hash(token), name, *role,
                                                                      principal.name);
                state->audit(principal.name, "token.create", name, request,
                             "role " + std::string(store::to_string(*role)));
                respond_json(response, 201,
                             {{"id", id},
                              {"name", name},
                              {"role", std::string(store::to_string(*role))},
                              {"token", token}});
              }));
  server.get("/api/v1/tokens",
             guarded(state, store::Role::kAdmin, false,
                     [state](const Principal&, const core::http::Request&, core::http::Response& response) {
                       nlohmann::json tokens = nlohmann::json::array();
                       for (const auto& token : state->context.store.api_tokens()) {
                         tokens.push_back({{"id", token.id},
                                           {"name", token.name},
                                           {"role", std::string(store::to_string(token.role))},
                                           {"created_by", token.created_by},
                                           {"created", unix_time(token.created)},
                                           {"last_used", unix_time(token.last_used)}});
                       }
                       respond_json(response, 200, {{"tokens", tokens}});
                     }));
  server.post(
      R"(/api/v1/tokens/(\d{1,18})/delete)",
      guarded(state, store::Role::kAdmin, true,
              [state](const Principal& principal, const core::http::Request& request,
                      core::http::Response& response) {
                const auto id = core::config::parse_int<std::int64_t>(std::string(request.matches[1]));
                if (!id || !state->context.store.delete_api_token(*id)) {
                  respond_error(response, 404, "no API token with id " + std::string(request.matches[1]));
                  return;
                }
                state->audit(principal.name, "token.delete", std::to_string(*id), request);
                respond_json(response, 200, {{"id", *id}, {"deleted", true}});
              }));

  server.post(R"(/api/v1/events/(\d{1,18})/ack)",
              guarded(state, store::Role::kOperator, true,
                      [state](const Principal& principal, const core::http::Request& request,
                              core::http::Response& response) {
                        const auto type = request.get_header_value("Content-Type");
                        if (!request.body.empty() && type.starts_with("application/json")) {
                          auto body = nlohmann::json::parse(request.body, nullptr, false);
                          if (body.is_discarded() || !body.is_object()) {
                            throw BadRequest("body: expected a JSON object (or no body)");
                          }
                        }
                        const auto id =
                            core::config::parse_int<std::int64_t>(std::string(request.matches[1]));
                        if (!id || !state->context.store.acknowledge(*id, principal.name)) {
                          respond_error(response, 404, "no event with id " + std::string(request.matches[1]));
                          return;
                        }
                        state->audit(principal.name, "event.ack", std::to_string(*id), request);
                        respond_json(response, 200, {{"id", *id}, {"acknowledged", true}});
                      }));
}

}  // namespace dcm::ipmi::web
