#include "ipmi/metrics_view.hpp"

#include <gtest/gtest.h>

#include "core/metrics/text_writer.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/promtool.hpp"

namespace dcm::ipmi {
namespace {

using engine::FleetState;
using engine::Task;

ServerConfig config(const std::string& name, const std::string& host,
                    std::map<std::string, std::string> tags = {}) {
  ServerConfig c;
  c.name = name;
  c.bmc_host = host;
  c.tags = std::move(tags);
  return c;
}

// Three servers: a healthy one with sensors and events, one whose BMC rejects the password, one never
// collected yet.
std::unique_ptr<FleetState> three_servers() {
  auto owned = std::make_unique<FleetState>();
  auto& fleet = *owned;
  fleet.set_inventory({config("gpu-node-01", "10.0.0.11", {{"site", "jhb1"}}),
                       config("gpu-node-02", "10.0.0.12"), config("gpu-node-03", "fd00::13")});
  const TimePoint at{std::chrono::seconds(1768348800)};
  fleet.on_power("gpu-node-01", {true, 412.0}, at);
  fleet.on_sensors("gpu-node-01",
                   {{"Inlet Temp", "Temperature", "C", 24.0, SensorState::kOk},
                    {"CPU1 Temp", "Temperature", "C", 91.0, SensorState::kWarning},
                    {"FAN1", "Fan", "RPM", 0.0, SensorState::kCritical},
                    {"12V", "Voltage", "V", 12.06, SensorState::kOk},
                    {"PSU2 Status", "Power Supply", "", std::nullopt, SensorState::kCritical},
                    {"Chassis \"Intrusion\"", "Physical Security", "", std::nullopt, SensorState::kUnknown}});
  fleet.on_job_done("gpu-node-01", true, std::chrono::milliseconds(84), at);
  fleet.set_event_counts("gpu-node-01", 17, {3, 2, 1});
  fleet.on_failure("gpu-node-02", Task::kPower, bmc::BmcError::Kind::kAuthentication,
                   "authentication failed");
  fleet.on_job_done("gpu-node-02", false, std::chrono::milliseconds(12), at);
  return owned;
}

TEST(MetricsView, MatchesTheGoldenExposition) {
  auto fleet_owner = three_servers();
  auto& fleet = *fleet_owner;
  test::expect_matches_golden(core::metrics::TextWriter::write(build_metrics(fleet.snapshot())),
                              "ipmi/metrics/three_servers.golden");
}

TEST(MetricsView, PromtoolFindsNothing) {
  auto fleet_owner = three_servers();
  auto& fleet = *fleet_owner;
  EXPECT_EQ(test::promtool_check_metrics(core::metrics::TextWriter::write(build_metrics(fleet.snapshot()))),
            std::vector<std::string>{});
}

TEST(MetricsView, RepeatedSensorNamesNeverRepeatASeries) {
  FleetState fleet;
  fleet.set_inventory({config("a", "127.0.0.1")});
  fleet.on_sensors("a", {{"Temp", "Temperature", "C", 30.0, SensorState::kOk},
                         {"Temp", "Temperature", "C", 45.0, SensorState::kOk},
                         {"Temp", "Voltage", "V", 1.2, SensorState::kOk}});
  auto text = core::metrics::TextWriter::write(build_metrics(fleet.snapshot()));
  EXPECT_EQ(test::promtool_check_metrics(text), std::vector<std::string>{});
  EXPECT_NE(text.find("ipmi_temperature_celsius{server=\"a\",sensor=\"Temp\"} 30\n"), std::string::npos)
      << text;
  EXPECT_EQ(text.find(" 45\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ipmi_sensor_value{server=\"a\",sensor=\"Temp\",type=\"Voltage\",unit=\"V\"} 1.2\n"),
            std::string::npos);
}

TEST(FleetState, AnAuthenticationFailureIsUnreachableWithItsReason) {
  auto fleet_owner = three_servers();
  auto& fleet = *fleet_owner;
  auto views = fleet.snapshot();
  ASSERT_EQ(views.size(), 3u);
  EXPECT_TRUE(views[0].reachable);
  EXPECT_FALSE(views[1].reachable);
  EXPECT_EQ(views[1].last_error, "power: authentication failed");
  EXPECT_FALSE(views[2].collected);
}

TEST(FleetState, RemovedServersDisappearAndKeptOnesKeepTheirData) {
  auto fleet_owner = three_servers();
  auto& fleet = *fleet_owner;
  fleet.set_inventory({config("gpu-node-01", "10.0.0.11")});
  auto views = fleet.snapshot();
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].sensors.size(), 6u);
  auto text = core::metrics::TextWriter::write(build_metrics(views));
  EXPECT_EQ(text.find("gpu-node-02"), std::string::npos);
  EXPECT_NE(text.find("ipmi_total_servers 1\n"), std::string::npos);
}

TEST(FleetState, ASuccessfulJobClearsTheLastErrorAndVersionMoves) {
  auto fleet_owner = three_servers();
  auto& fleet = *fleet_owner;
  const auto before = fleet.version();
  fleet.on_power("gpu-node-02", {false, std::nullopt}, TimePoint{});
  fleet.on_job_done("gpu-node-02", true, std::chrono::milliseconds(5), TimePoint{});
  EXPECT_GT(fleet.version(), before);
  auto views = fleet.snapshot();
  EXPECT_TRUE(views[1].reachable);
  EXPECT_EQ(views[1].power_on, false);
  EXPECT_EQ(views[1].last_error, "");
}

}  // namespace
}  // namespace dcm::ipmi
