// RedfishClient against redfish-sim over loopback: both vendor-shaped fixture trees end to end, session and
// basic authentication, TLS, and every fault knob of the simulator.
#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/sys/clock.hpp"
#include "ipmi/bmc/redfish.hpp"
#include "tests/support/redfish_sim.hpp"

namespace dcm::ipmi::bmc {
namespace {

using test::RedfishSimProcess;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kDell = "dell_idrac_like";
constexpr const char* kSupermicro = "supermicro_like";
constexpr const char* kDellSel = "/redfish/v1/Managers/iDRAC.Embedded.1/LogServices/Sel";
constexpr const char* kSupermicroSel = "/redfish/v1/Systems/1/LogServices/Log1";

ServerConfig config_for(const std::string& url, const std::string& fixture) {
  ServerConfig config;
  config.name = fixture;
  config.protocol = Protocol::kRedfish;
  config.redfish_url = url;
  config.user = fixture == kDell ? "root" : "ADMIN";
  config.password = fixture == kDell ? "calvin-sim" : "smc-sim-pass";
  config.timeout = std::chrono::seconds(5);
  config.tls_verify = false;
  return config;
}

const SensorReading* find_sensor(const std::vector<SensorReading>& readings, const std::string& name) {
  auto it = std::find_if(readings.begin(), readings.end(), [&](const auto& r) { return r.name == name; });
  return it == readings.end() ? nullptr : &*it;
}

std::string error_of(const std::function<void()>& call, BmcError::Kind* kind = nullptr) {
  try {
    call();
  } catch (const BmcError& e) {
    if (kind != nullptr) {
      *kind = e.kind();
    }
    return e.what();
  }
  return "no error";
}

class RedfishClientTest : public ::testing::Test {
 protected:
  HttpMulti http_;
  core::sys::FakeClock clock_;
};

TEST_F(RedfishClientTest, ReadsTheDellLikeTreeEndToEnd) {
  RedfishSimProcess sim({kDell});
  RedfishClient client(config_for(sim.url(0), kDell), http_, clock_);

  const PowerStatus power = client.read_power();
  EXPECT_EQ(power.on, true);
  EXPECT_EQ(power.watts, 700.0);  // PowerControl of both systems' chassis: 412 + 288

  const auto sensors = client.read_sensors();
  ASSERT_NE(find_sensor(sensors, "System Board Inlet Temp"), nullptr);
  EXPECT_EQ(find_sensor(sensors, "System Board Inlet Temp")->value, 24.0);
  EXPECT_EQ(find_sensor(sensors, "System Board Inlet Temp")->unit, "C");
  EXPECT_EQ(find_sensor(sensors, "CPU2 Temp")->state, SensorState::kWarning);
  EXPECT_EQ(find_sensor(sensors, "GPU Board Temp")->state, SensorState::kCritical);  // by thresholds
  EXPECT_EQ(find_sensor(sensors, "System Board Fan6A")->state, SensorState::kCritical);
  EXPECT_EQ(find_sensor(sensors, "System Board Fan7A"), nullptr);  // absent
  EXPECT_EQ(find_sensor(sensors, "PS2 Status")->state, SensorState::kCritical);
  EXPECT_EQ(find_sensor(sensors, "PS1 Voltage 1")->value, 230.0);
  // The second chassis is read too; its same-named sensors carry the chassis Id.
  ASSERT_NE(find_sensor(sensors, "CPU1 Temp (System.Embedded.2)"), nullptr);
  EXPECT_EQ(find_sensor(sensors, "CPU1 Temp (System.Embedded.2)")->value, 61.0);
  EXPECT_EQ(sensors.size(), 5u + 4u + 2u + 2u + 2u + 2u + 2u + 2u);

  const auto events = client.read_sel({});
  ASSERT_EQ(events.size(), 9u);  // iDRAC SEL (7) and CMC SEL (2); the lifecycle log is not the SEL
  EXPECT_EQ(events.front().record_id, "Managers/iDRAC.Embedded.1/Sel/1");
  EXPECT_EQ(events.back().record_id, "Managers/iDRAC.Embedded.1/Sel/7");
  auto psu = std::find_if(events.begin(), events.end(),
                          [](const SelEvent& e) { return e.record_id == "Managers/iDRAC.Embedded.1/Sel/5"; });
  ASSERT_NE(psu, events.end());
  EXPECT_EQ(psu->severity, Severity::kCritical);
  EXPECT_EQ(psu->sensor_type, "Power Supply / Converter");
  EXPECT_EQ(psu->message, "The power input for power supply 2 is lost.");
  // 2025-11-03T22:47:58-06:00 is 2025-11-04T04:47:58Z.
  EXPECT_EQ(psu->bmc_time,
            TimePoint(std::chrono::sys_days(std::chrono::year(2025) / 11 / 4) + std::chrono::hours(4) +
                      std::chrono::minutes(47) + std::chrono::seconds(58)));
  EXPECT_EQ(psu->received, clock_.now());
  const auto count = [&](Severity s) {
    return std::count_if(events.begin(), events.end(), [&](const SelEvent& e) { return e.severity == s; });
  };
  EXPECT_EQ(count(Severity::kCritical), 2);
  EXPECT_EQ(count(Severity::kWarning), 3);
  EXPECT_EQ(count(Severity::kInfo), 4);
  EXPECT_TRUE(client.problems().empty());
}

TEST_F(RedfishClientTest, ReadsTheSupermicroLikeTreeEndToEnd) {
  RedfishSimProcess sim({kSupermicro});
  RedfishClient client(config_for(sim.url(0), kSupermicro), http_, clock_);

  const PowerStatus power = client.read_power();
  EXPECT_EQ(power.on, true);       // system 1 on, system 2 off
  EXPECT_EQ(power.watts, 3055.0);  // EnvironmentMetrics.PowerWatts of both chassis

  const auto sensors = client.read_sensors();
  EXPECT_EQ(find_sensor(sensors, "CPU1 Temp")->value, 63.0);
  EXPECT_EQ(find_sensor(sensors, "CPU2 Temp")->state, SensorState::kWarning);
  EXPECT_EQ(find_sensor(sensors, "GPU1 Temp")->state, SensorState::kCritical);  // 88 over UpperCritical 87
  EXPECT_EQ(find_sensor(sensors, "FAN3")->state, SensorState::kCritical);
  EXPECT_EQ(find_sensor(sensors, "FAN3")->type, "Fan");
  EXPECT_EQ(find_sensor(sensors, "FAN3")->unit, "RPM");
  EXPECT_EQ(find_sensor(sensors, "FAN5"), nullptr);  // absent
  // FAN4 has no sensor: its reading comes from ThermalSubsystem/Fans; FAN1-3 are not read twice.
  ASSERT_NE(find_sensor(sensors, "FAN4"), nullptr);
  EXPECT_EQ(find_sensor(sensors, "FAN4")->value, 9200.0);
  EXPECT_EQ(std::count_if(sensors.begin(), sensors.end(), [](const auto& r) { return r.name == "FAN1"; }), 1);
  ASSERT_NE(find_sensor(sensors, "Inlet Temp (2)"), nullptr);
  // VBAT's Reading is the string "3.1": that field is an error, the sensor stays, without a value.
  ASSERT_NE(find_sensor(sensors, "VBAT"), nullptr);
  EXPECT_EQ(find_sensor(sensors, "VBAT")->value, std::nullopt);
  ASSERT_EQ(client.problems().size(), 1u);
  EXPECT_EQ(client.problems()[0],
            "/redfish/v1/Chassis/1/Sensors/VBAT: Reading: expected a number, got string");

  const auto events = client.read_sel({});
  ASSERT_EQ(events.size(), 8u);  // Log1 of both systems; the manager's OEM audit log is not the SEL
  EXPECT_EQ(events.front().record_id, "Systems/1/Log1/1");
  EXPECT_EQ(events.front().event_type, "discrete");
  auto ecc = std::find_if(events.begin(), events.end(),
                          [](const SelEvent& e) { return e.record_id == "Systems/1/Log1/3"; });
  ASSERT_NE(ecc, events.end());
  EXPECT_EQ(ecc->severity, Severity::kCritical);
  auto ac_back = std::find_if(events.begin(), events.end(),
                              [](const SelEvent& e) { return e.record_id == "Systems/2/Log1/3"; });
  ASSERT_NE(ac_back, events.end());
  EXPECT_FALSE(ac_back->assertion);
  EXPECT_EQ(ac_back->severity, Severity::kInfo);
}

TEST_F(RedfishClientTest, UsesASessionAndDeletesItOnClose) {
  RedfishSimProcess sim({kDell});
  sim.control("0", "basic_auth", {{"enabled", false}});
  {
    RedfishClient client(config_for(sim.url(0), kDell), http_, clock_);
    EXPECT_EQ(client.read_power().on, true);
    EXPECT_EQ(client.auth(), redfish::Session::Auth::kSession);
    EXPECT_EQ(sim.stats(0)["sessions_active"], 1);
  }
  const auto stats = sim.stats(0);
  EXPECT_EQ(stats["sessions_created"], 1);
  EXPECT_EQ(stats["sessions_deleted"], 1);
  EXPECT_EQ(stats["sessions_active"], 0);
}

TEST_F(RedfishClientTest, FallsBackToBasicAuthWhenSessionsAreRefused) {
  RedfishSimProcess sim({kSupermicro}, 1, {"--no-sessions"});
  RedfishClient client(config_for(sim.url(0), kSupermicro), http_, clock_);
  EXPECT_EQ(client.read_power().on, true);
  EXPECT_EQ(client.auth(), redfish::Session::Auth::kBasic);
  EXPECT_EQ(sim.stats(0)["sessions_created"], 0);
}

TEST_F(RedfishClientTest, LogsInAgainOnceWhenTheSessionExpires) {
  RedfishSimProcess sim({kDell});
  sim.control("0", "basic_auth", {{"enabled", false}});
  RedfishClient client(config_for(sim.url(0), kDell), http_, clock_);
  client.read_power();
  sim.control("0", "expire_sessions");
  EXPECT_EQ(client.read_power().on, true);
  EXPECT_EQ(sim.stats(0)["sessions_created"], 2);
}

TEST_F(RedfishClientTest, WrongPasswordIsAnAuthenticationFailureThatNeverShowsThePassword) {
  RedfishSimProcess sim({kDell, kSupermicro}, 2, {"--no-sessions"});
  for (std::size_t i = 0; i < 2; ++i) {
    auto config = config_for(sim.url(i), i == 0 ? kDell : kSupermicro);
    config.password = "Wr0ng-Secret-Value";
    RedfishClient client(config, http_, clock_);
    BmcError::Kind kind{};
    const std::string message = error_of([&] { client.read_power(); }, &kind);
    EXPECT_EQ(kind, BmcError::Kind::kAuthentication) << message;
    EXPECT_THAT(message, HasSubstr("authentication failed"));
    EXPECT_THAT(message, Not(HasSubstr("Wr0ng-Secret-Value")));
  }
  // With sessions: the login POST itself is refused.
  RedfishSimProcess with_sessions({kDell});
  auto config = config_for(with_sessions.url(0), kDell);
  config.password = "Wr0ng-Secret-Value";
  RedfishClient client(config, http_, clock_);
  const std::string message = error_of([&] { client.read_sensors(); });
  EXPECT_THAT(message, HasSubstr("authentication failed"));
  EXPECT_THAT(message, Not(HasSubstr("Wr0ng-Secret-Value")));
}

TEST_F(RedfishClientTest, SelfSignedCertificateIsAcceptedOnlyWhereTlsVerifyIsOff) {
  RedfishSimProcess sim({kDell}, 1, {"--tls"});
  ASSERT_TRUE(sim.url(0).starts_with("https://"));
  auto lenient = config_for(sim.url(0), kDell);
  lenient.tls_verify = false;
  auto strict = lenient;
  strict.tls_verify = true;
  RedfishClient accepting(lenient, http_, clock_);
  RedfishClient refusing(strict, http_, clock_);
  EXPECT_EQ(accepting.read_power().on, true);
  BmcError::Kind kind{};
  const std::string message = error_of([&] { refusing.read_power(); }, &kind);
  EXPECT_EQ(kind, BmcError::Kind::kConnection);
  EXPECT_THAT(message, HasSubstr("TLS failed"));
  EXPECT_EQ(accepting.read_power().on, true);  // the refused server changed nothing for the other
}

TEST_F(RedfishClientTest, SlowAnswersHitTheTimeout) {
  RedfishSimProcess sim({kDell});
  sim.control("0", "delay", {{"ms", 3000}});
  auto config = config_for(sim.url(0), kDell);
  config.timeout = std::chrono::milliseconds(300);
  RedfishClient client(config, http_, clock_);
  BmcError::Kind kind{};
  const std::string message = error_of([&] { client.read_power(); }, &kind);
  EXPECT_EQ(kind, BmcError::Kind::kTimeout);
  EXPECT_EQ(message, "timeout after 300 ms (GET /redfish/v1)");
}

TEST_F(RedfishClientTest, ServerErrorsInvalidAndTruncatedJsonAreClearErrors) {
  RedfishSimProcess sim({kDell});
  RedfishClient client(config_for(sim.url(0), kDell), http_, clock_);
  const std::string system = "/redfish/v1/Systems/System.Embedded.1";

  sim.control("0", "fault", {{"path", system}, {"kind", "http500"}});
  EXPECT_THAT(error_of([&] { client.read_power(); }), HasSubstr("HTTP 500 from " + system));

  sim.control("0", "fault", {{"path", system}, {"kind", "invalid_json"}});
  EXPECT_THAT(error_of([&] { client.read_power(); }), HasSubstr("invalid JSON from " + system));

  sim.control("0", "fault", {{"path", system}, {"kind", "truncated"}});
  EXPECT_THAT(error_of([&] { client.read_power(); }), HasSubstr("truncated response from " + system));

  sim.control("0", "clear_faults");
  EXPECT_EQ(client.read_power().on, true);  // and the client is fine afterwards
}

TEST_F(RedfishClientTest, IncrementalSelReturnsOnlyEntriesAddedSince) {
  RedfishSimProcess sim({kDell, kSupermicro}, 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const bool dell = i == 0;
    RedfishClient client(config_for(sim.url(i), dell ? kDell : kSupermicro), http_, clock_);
    const SelInfo before = client.read_sel_info();
    EXPECT_EQ(before.entries, dell ? 9u : 8u);
    ASSERT_TRUE(before.last_add_time.has_value());
    auto events = client.read_sel({});
    SelCursor cursor{before, events.back().record_id, events.back().raw};

    // Unchanged: the same info, and no new events. Checking costs at most the first and the last entry of
    // each of the two SEL services, not the log.
    const auto served = sim.stats(i)["log_entries_served"].get<int>();
    EXPECT_EQ(client.read_sel_info().entries, before.entries);
    EXPECT_LE(sim.stats(i)["log_entries_served"].get<int>() - served, 4);
    EXPECT_TRUE(client.read_sel(cursor).empty());

    sim.control(std::to_string(i), "add_log_entry",
                {{"service", dell ? kDellSel : kSupermicroSel},
                 {"fields",
                  {{"Severity", "Critical"}, {"Message", "Processor 1 IERR"}, {"SensorType", "Processor"}}}});
    const SelInfo after = client.read_sel_info();
    EXPECT_EQ(after.entries, before.entries + 1);
    ASSERT_TRUE(after.last_add_time.has_value());
    EXPECT_GT(*after.last_add_time, *before.last_add_time);
    events = client.read_sel(cursor);
    ASSERT_EQ(events.size(), 1u) << (dell ? kDell : kSupermicro);
    EXPECT_EQ(events[0].severity, Severity::kCritical);
    EXPECT_EQ(events[0].message, "Processor 1 IERR");
    EXPECT_EQ(events[0].record_id, dell ? "Managers/iDRAC.Embedded.1/Sel/8" : "Systems/1/Log1/6");
  }
}

TEST_F(RedfishClientTest, ClearedSelIsReadAgainFromTheStart) {
  RedfishSimProcess sim({kSupermicro});
  RedfishClient client(config_for(sim.url(0), kSupermicro), http_, clock_);
  const auto events = client.read_sel({});
  const SelCursor cursor{{}, events.back().record_id, events.back().raw};
  sim.control("0", "clear_log", {{"service", kSupermicroSel}});
  sim.control("0", "add_log_entry",
              {{"service", kSupermicroSel}, {"fields", {{"Message", "Log area reset/cleared"}}}});
  // Record id 1 is reused by a different entry; everything of the cleared log is returned (the store
  // deduplicates), the other system's log only what is newer than the cursor.
  const auto after = client.read_sel(cursor);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].record_id, "Systems/1/Log1/1");
  EXPECT_EQ(after[0].message, "Log area reset/cleared");
}

TEST_F(RedfishClientTest, ThousandsOfEntriesAreReadAcrossPages) {
  RedfishSimProcess sim({kSupermicro});
  sim.control("0", "add_log_entry", {{"service", kSupermicroSel}, {"count", 2000}});
  RedfishClient client(config_for(sim.url(0), kSupermicro), http_, clock_);
  EXPECT_EQ(client.read_sel_info().entries, 2008u);
  EXPECT_EQ(client.read_sel({}).size(), 2008u);
}

TEST_F(RedfishClientTest, PowerActionsGoThroughComputerSystemReset) {
  RedfishSimProcess sim({kDell, kSupermicro}, 2);
  for (std::size_t i = 0; i < 2; ++i) {
    RedfishClient client(config_for(sim.url(i), i == 0 ? kDell : kSupermicro), http_, clock_);
    client.power_action("off");
    EXPECT_EQ(client.read_power().on, false);
    client.power_action("on");
    EXPECT_EQ(client.read_power().on, true);
    client.power_action("cycle");
    client.power_action("reset");
    EXPECT_EQ(client.read_power().on, true);
    BmcError::Kind kind{};
    EXPECT_THAT(error_of([&] { client.power_action("explode"); }, &kind), HasSubstr("unknown power action"));
    EXPECT_EQ(kind, BmcError::Kind::kUnsupported);
  }
}

TEST_F(RedfishClientTest, ProbeTellsRedfishFromSomethingElse) {
  RedfishSimProcess sim({kDell});
  const auto found = probe_redfish(http_, config_for(sim.url(0), kDell));
  EXPECT_TRUE(found.redfish);
  EXPECT_EQ(found.detail, "Redfish 1.17.0 (Dell)");

  sim.control("0", "fault", {{"path", "/redfish/v1"}, {"kind", "http500"}});
  const auto broken = probe_redfish(http_, config_for(sim.url(0), kDell));
  EXPECT_FALSE(broken.redfish);
  EXPECT_EQ(broken.detail, "HTTP 500 from /redfish/v1");

  auto nobody = config_for("http://127.0.0.1:1", kDell);
  EXPECT_FALSE(probe_redfish(http_, nobody).redfish);
}

}  // namespace
}  // namespace dcm::ipmi::bmc
