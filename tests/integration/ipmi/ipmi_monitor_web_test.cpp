// ipmi-monitor's JSON API and login over HTTP, against the real daemon over simulated BMCs: anonymous 401,
// role 403, CSRF refusal, bearer tokens, login rate limit, first-start setup, bad requests, and no password
// in any response.
#include <regex>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/secrets/password_hash.hpp"
#include "core/secrets/secret_key.hpp"
#include "core/secrets/tokens.hpp"
#include "core/sys/clock.hpp"
#include "ipmi/store/sqlite_store.hpp"
#include "tests/support/ipmi_web_daemon.hpp"

namespace dcm::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kAdminPassword = "admin-pass-123";
constexpr const char* kForm = "application/x-www-form-urlencoded";

std::string session_from(const httplib::Result& result) {
  if (!result) {
    return {};
  }
  auto cookie = result->get_header_value("Set-Cookie");
  return cookie.substr(0, cookie.find(';'));
}

class IpmiMonitorWeb : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(daemon_.started()) << daemon_.log(); }

  // Logs in; returns the Cookie header value.
  std::string login(const std::string& user, const std::string& password) {
    auto client = daemon_.client();
    auto result = client.Post("/login", "user=" + user + "&password=" + password, kForm);
    EXPECT_TRUE(result);
    EXPECT_EQ(result->status, 303) << result->body;
    return session_from(result);
  }

  // The CSRF token the pages embed for this session.
  std::string csrf(const std::string& cookie) {
    auto client = daemon_.client();
    auto page = client.Get("/", {{"Cookie", cookie}});
    std::smatch match;
    static const std::regex kField(R"re(name="csrf" value="([0-9a-f]+)")re");
    if (!page || !std::regex_search(page->body, match, kField)) {
      ADD_FAILURE() << "no CSRF field on the dashboard";
      return {};
    }
    return match[1];
  }

  void add_user(const std::string& name, ipmi::store::Role role) {
    auto store = open_store();
    ASSERT_TRUE(store->create_user(
        name, core::secrets::PasswordHasher(core::secrets::kTestPasswordCost).hash(name + "-password"),
        role));
  }

  std::string add_api_token(const std::string& name, ipmi::store::Role role) {
    const auto key = core::secrets::load_or_create_key_file(daemon_.data_dir() / "secret.key");
    const core::secrets::TokenHasher hasher(key.derive(core::secrets::TokenHasher::kKeyContext));
    const auto token = core::secrets::random_token();
    open_store()->create_api_token(hasher.hash(token), name, role, "test");
    return token;
  }

  std::unique_ptr<ipmi::store::SqliteStore> open_store() {
    ipmi::store::StoreOptions options;
    options.path = daemon_.data_dir() / ipmi::store::kDatabaseFileName;
    return ipmi::store::SqliteStore::open(options, clock_);
  }

  // GETs `path` until `done` holds on the JSON body (or 60 s pass); returns the last body.
  json get_until(const std::string& path, const httplib::Headers& headers,
                 const std::function<bool(const json&)>& done) {
    json last;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    auto client = daemon_.client();
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto result = client.Get(path, headers); result && result->status == 200) {
        last = json::parse(result->body);
        if (done(last)) {
          break;
        }
      }
      std::this_thread::sleep_for(200ms);
    }
    return last;
  }

  // The id of an event of ipmi-critical, once its SEL was read.
  std::int64_t some_event_id(const httplib::Headers& headers) {
    auto events = get_until("/api/v1/events?server=ipmi-critical", headers,
                            [](const json& body) { return !body["events"].empty(); });
    if (events.is_null() || events["events"].empty()) {
      ADD_FAILURE() << "no events from ipmi-critical";
      return 0;
    }
    return events["events"][0]["id"].get<std::int64_t>();
  }

  core::sys::SystemClock clock_;
  IpmiWebDaemon daemon_{kAdminPassword};
};

TEST_F(IpmiMonitorWeb, AnonymousApiRequestsGet401WithAJsonReason) {
  auto client = daemon_.client();
  for (std::string path : {"/api/v1/servers", "/api/v1/servers/ipmi-healthy", "/api/v1/events",
                           "/api/v1/servers/ipmi-healthy/history?sensor=x"}) {
    auto result = client.Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 401) << path;
    EXPECT_TRUE(json::parse(result->body).contains("error")) << path;
  }
  auto ack = client.Post("/api/v1/events/1/ack", "", "application/json");
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->status, 401);
  auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 303);
  EXPECT_EQ(page->get_header_value("Location"), "/login");
}

TEST_F(IpmiMonitorWeb, ApiShowsTheFleetAndNeverAPassword) {
  const httplib::Headers auth{{"Cookie", login("admin", kAdminPassword)}};
  auto servers = get_until("/api/v1/servers", auth, [](const json& body) {
    for (const auto& server : body["servers"]) {
      if (server["name"] == "ipmi-healthy" && server["reachable"] == true &&
          !server["hottest_celsius"].is_null()) {
        return true;
      }
    }
    return false;
  });
  ASSERT_EQ(servers["servers"].size(), 3u) << servers.dump();
  std::map<std::string, json> by_name;
  for (const auto& server : servers["servers"]) {
    by_name[server["name"]] = server;
  }
  EXPECT_EQ(by_name["ipmi-healthy"]["reachable"], true);
  EXPECT_EQ(by_name["ipmi-healthy"]["power"], "on");
  EXPECT_EQ(by_name["ipmi-healthy"]["tags"]["site"], "lab1");
  ASSERT_TRUE(by_name.contains(kXssServerName));

  some_event_id(auth);
  auto client = daemon_.client();
  auto detail = client.Get("/api/v1/servers/ipmi-healthy", auth);
  ASSERT_TRUE(detail);
  ASSERT_EQ(detail->status, 200);
  const auto sensors = json::parse(detail->body)["sensors"];
  ASSERT_FALSE(sensors.empty());
  std::string sensor;
  for (const auto& s : sensors) {
    if (!s["value"].is_null()) {
      sensor = s["name"];
    }
  }
  ASSERT_FALSE(sensor.empty());
  auto history =
      get_until("/api/v1/servers/ipmi-healthy/history?sensor=" + httplib::detail::encode_query_param(sensor),
                auth, [](const json& body) { return !body["time"].empty(); });
  EXPECT_FALSE(history["time"].empty()) << history.dump();
  EXPECT_EQ(client.Get("/api/v1/servers/nosuch", auth)->status, 404);

  for (std::string path : {"/api/v1/servers", "/api/v1/servers/ipmi-healthy", "/api/v1/servers/ipmi-critical",
                           "/api/v1/events?limit=500", "/", "/events", "/servers/ipmi-healthy"}) {
    auto result = client.Get(path, auth);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 200) << path;
    EXPECT_EQ(result->body.find(kBmcPassword), std::string::npos) << path << " shows the BMC password";
    EXPECT_EQ(result->body.find(kAdminPassword), std::string::npos) << path;
    EXPECT_EQ(result->body.find("$argon2"), std::string::npos) << path << " shows a password hash";
  }
}

TEST_F(IpmiMonitorWeb, AckNeedsOperatorRoleAndCsrfAndIsAudited) {
  add_user("vera", ipmi::store::Role::kViewer);
  add_user("otto", ipmi::store::Role::kOperator);
  const auto viewer = login("vera", "vera-password");
  const auto operator_cookie = login("otto", "otto-password");
  const auto id = some_event_id({{"Cookie", viewer}});
  const auto path = "/api/v1/events/" + std::to_string(id) + "/ack";
  auto client = daemon_.client();

  auto refused =
      client.Post(path, {{"Cookie", viewer}, {"X-CSRF-Token", csrf(viewer)}}, "", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403) << "a viewer may not acknowledge";
  EXPECT_NE(json::parse(refused->body)["error"].get<std::string>().find("operator"), std::string::npos);

  auto no_csrf = client.Post(path, {{"Cookie", operator_cookie}}, "", "application/json");
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403) << "a session POST without CSRF token";
  auto wrong_csrf = client.Post(path, {{"Cookie", operator_cookie}, {"X-CSRF-Token", csrf(viewer)}}, "",
                                "application/json");
  EXPECT_EQ(wrong_csrf->status, 403) << "another session's CSRF token";

  auto ok = client.Post(path, {{"Cookie", operator_cookie}, {"X-CSRF-Token", csrf(operator_cookie)}}, "",
                        "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  auto event = json::parse(
      client.Get("/api/v1/events?server=ipmi-critical&acknowledged=true&limit=500", {{"Cookie", viewer}})
          ->body);
  ASSERT_FALSE(event["events"].empty());
  EXPECT_EQ(event["events"][0]["acknowledged_by"], "otto");

  bool audited = false;
  for (const auto& record : open_store()->audit_log(100, 0)) {
    audited = audited || (record.entry.action == "event.ack" && record.entry.actor == "otto" &&
                          record.entry.target == std::to_string(id));
  }
  EXPECT_TRUE(audited);
}

TEST_F(IpmiMonitorWeb, BearerTokensWorkWithoutCsrfWithinTheirRole) {
  const auto reader = add_api_token("grafana", ipmi::store::Role::kViewer);
  const auto writer = add_api_token("automation", ipmi::store::Role::kOperator);
  auto client = daemon_.client();
  auto servers = client.Get("/api/v1/servers", {{"Authorization", "Bearer " + reader}});
  ASSERT_TRUE(servers);
  EXPECT_EQ(servers->status, 200);
  const auto id = some_event_id({{"Authorization", "Bearer " + reader}});
  const auto path = "/api/v1/events/" + std::to_string(id) + "/ack";
  EXPECT_EQ(client.Post(path, {{"Authorization", "Bearer " + reader}}, "", "application/json")->status, 403);
  EXPECT_EQ(client.Post(path, {{"Authorization", "Bearer " + writer}}, "", "application/json")->status, 200);
  EXPECT_EQ(client.Get("/api/v1/servers", {{"Authorization", "Bearer " + reader + "x"}})->status, 401);
}

TEST_F(IpmiMonitorWeb, BadRequestsGet4xxWithAReason) {
  const auto cookie = login("admin", kAdminPassword);
  const httplib::Headers auth{{"Cookie", cookie}, {"X-CSRF-Token", csrf(cookie)}};
  auto client = daemon_.client();
  auto oversized =
      client.Post("/api/v1/events/1/ack", auth, std::string(200 * 1024, 'x'), "application/json");
  ASSERT_TRUE(oversized);
  EXPECT_EQ(oversized->status, 413);
  auto malformed = client.Post("/api/v1/events/1/ack", auth, "{\"note\": ", "application/json");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  EXPECT_NE(malformed->body.find("JSON"), std::string::npos) << malformed->body;
  for (std::string path : {"/api/v1/events?severity=loud", "/api/v1/events?limit=0",
                           "/api/v1/events?limit=9999", "/api/v1/events?from=yesterday",
                           "/api/v1/events?acknowledged=maybe", "/api/v1/servers/ipmi-healthy/history",
                           "/api/v1/servers/ipmi-healthy/history?sensor=x&from=20&to=10"}) {
    auto result = client.Get(path, auth);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 400) << path;
    EXPECT_TRUE(json::parse(result->body).contains("error")) << path;
  }
}

TEST_F(IpmiMonitorWeb, LoginIsRateLimitedPerClientAddress) {
  auto client = daemon_.client();
  // 127.0.0.1 is a trusted proxy by default, so X-Forwarded-For names the client.
  const httplib::Headers attacker{{"X-Forwarded-For", "198.51.100.7"}};
  for (int i = 0; i < 10; ++i) {
    auto result = client.Post("/login", attacker, "user=admin&password=guess" + std::to_string(i), kForm);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 401);
  }
  auto limited = client.Post("/login", attacker, std::string("user=admin&password=") + kAdminPassword, kForm);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429) << "even the right password waits";
  EXPECT_FALSE(limited->get_header_value("Retry-After").empty());
  auto other = client.Post("/login", {{"X-Forwarded-For", "198.51.100.8"}},
                           std::string("user=admin&password=") + kAdminPassword, kForm);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 303) << "another client is not affected";
  const auto cookie = other->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP";
  auto tls = client.Post("/login", {{"X-Forwarded-Proto", "https"}},
                         std::string("user=admin&password=") + kAdminPassword, kForm);
  EXPECT_NE(tls->get_header_value("Set-Cookie").find("; Secure"), std::string::npos)
      << "behind a TLS-terminating trusted proxy";
}

TEST(IpmiMonitorWebSetup, FirstStartCreatesTheAdminOnlyOnce) {
  IpmiWebDaemon daemon;
  ASSERT_TRUE(daemon.started()) << daemon.log();
  auto client = daemon.client();
  auto home = client.Get("/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->get_header_value("Location"), "/setup");
  auto mismatch = client.Post("/setup", "user=root&password=long-enough-1&confirm=other-one-22", kForm);
  EXPECT_EQ(mismatch->status, 400);
  auto created = client.Post("/setup", "user=root&password=long-enough-1&confirm=long-enough-1", kForm);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 303);
  const auto cookie = session_from(created);
  auto servers = client.Get("/api/v1/servers", {{"Cookie", cookie}});
  EXPECT_EQ(servers->status, 200) << "the new admin is logged in";
  auto again = client.Post("/setup", "user=mallory&password=long-enough-2&confirm=long-enough-2", kForm);
  EXPECT_EQ(again->status, 403) << "setup stops once a user exists";
  EXPECT_EQ(client.Get("/setup")->get_header_value("Location"), "/login");
}

}  // namespace
}  // namespace dcm::test

namespace dcm::test {
namespace {

TEST_F(IpmiMonitorWeb, AdminCreatesListsAndDeletesApiTokens) {
  const auto cookie = login("admin", kAdminPassword);
  const httplib::Headers admin{{"Cookie", cookie}, {"X-CSRF-Token", csrf(cookie)}};
  auto client = daemon_.client();
  EXPECT_EQ(
      client.Post("/api/v1/tokens", {{"Cookie", cookie}}, R"({"name": "ci"})", "application/json")->status,
      403)
      << "no CSRF token";
  EXPECT_EQ(
      client.Post("/api/v1/tokens", admin, R"({"name": "ci", "role": "root"})", "application/json")->status,
      400);
  auto created =
      client.Post("/api/v1/tokens", admin, R"({"name": "ci", "role": "viewer"})", "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const auto body = json::parse(created->body);
  const auto token = body["token"].get<std::string>();
  const httplib::Headers bearer{{"Authorization", "Bearer " + token}};
  EXPECT_EQ(client.Get("/api/v1/servers", bearer)->status, 200);
  EXPECT_EQ(client.Get("/api/v1/tokens", bearer)->status, 403) << "a viewer token may not list tokens";

  auto listed = client.Get("/api/v1/tokens", admin);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->body.find(token), std::string::npos) << "the token is shown only once";
  EXPECT_EQ(json::parse(listed->body)["tokens"][0]["name"], "ci");

  const auto id = body["id"].get<std::int64_t>();
  EXPECT_EQ(
      client.Post("/api/v1/tokens/" + std::to_string(id) + "/delete", admin, "", "application/json")->status,
      200);
  EXPECT_EQ(client.Get("/api/v1/servers", bearer)->status, 401) << "a deleted token no longer works";
}

}  // namespace
}  // namespace dcm::test

namespace dcm::test {
namespace {

TEST_F(IpmiMonitorWeb, DashboardFiltersByTagAndEventsPageAcknowledgesWithTheFormToken) {
  const auto cookie = login("admin", kAdminPassword);
  auto client = daemon_.client();
  auto lab2 = client.Get("/?tag=site%3Dlab2", {{"Cookie", cookie}});
  ASSERT_TRUE(lab2);
  EXPECT_NE(lab2->body.find("data-server=\"ipmi-critical\""), std::string::npos);
  EXPECT_EQ(lab2->body.find("data-server=\"ipmi-healthy\""), std::string::npos);

  const auto id = std::to_string(some_event_id({{"Cookie", cookie}}));
  auto refused = client.Post("/events/" + id + "/ack", {{"Cookie", cookie}}, "x=1", kForm);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403) << "a form POST without the csrf field";
  auto done = client.Post("/events/" + id + "/ack", {{"Cookie", cookie}}, "csrf=" + csrf(cookie), kForm);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 303);
  auto acked = client.Get("/events?acknowledged=true&server=ipmi-critical", {{"Cookie", cookie}});
  ASSERT_TRUE(acked);
  EXPECT_NE(acked->body.find("<td>admin</td>"), std::string::npos) << "acknowledged by admin";
}

}  // namespace
}  // namespace dcm::test
