#include "exporter/collectors/ipmi_local.hpp"

#include <gtest/gtest.h>
#include <ipmi_monitoring.h>

#include "core/metrics/text_writer.hpp"
#include "tests/support/paths.hpp"

namespace dcm::exporter::collectors {
namespace {

struct RoleCase {
  const char* name;
  SensorRole role;
};

TEST(ClassifySensor, DefaultPatternsMatchCommonBmcNamesCaseInsensitively) {
  const ExporterConfig defaults;
  const RoleCase cases[] = {
      {"Inlet Temp", SensorRole::kInlet},
      {"INLET TEMP", SensorRole::kInlet},
      {"System Board Inlet Temp", SensorRole::kInlet},
      {"Temp_Intake", SensorRole::kInlet},
      {"Ambient Temp", SensorRole::kInlet},
      {"Front Panel Temp", SensorRole::kInlet},
      {"FP_Panel_Front", SensorRole::kOther},  // "*front*panel*" wants "front" before "panel"
      {"Exhaust Temp", SensorRole::kExhaust},
      {"exhaust", SensorRole::kExhaust},
      {"Outlet Temp", SensorRole::kExhaust},
      {"Rear Temp", SensorRole::kExhaust},
      {"Rear Inlet Temp", SensorRole::kInlet},  // matches both lists: inlet wins
      {"CPU1 Temp", SensorRole::kOther},
      {"PCH Temp", SensorRole::kOther},
      {"DIMM A1 Temp", SensorRole::kOther},
      {"", SensorRole::kOther},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(classify_sensor(c.name, defaults.inlet_sensors, defaults.exhaust_sensors), c.role) << c.name;
  }
}

TEST(ClassifySensor, ConfiguredPatternsAreShellPatterns) {
  const std::vector<std::string> inlet{"sys temp ?", "[ab]mb*"};
  const std::vector<std::string> exhaust{"Temp_Out*"};
  const RoleCase cases[] = {
      {"Sys Temp 1", SensorRole::kInlet}, {"SYS TEMP 12", SensorRole::kOther},
      {"Amb Temp", SensorRole::kInlet},   {"BMB", SensorRole::kInlet},
      {"Cmb Temp", SensorRole::kOther},   {"temp_out_2", SensorRole::kExhaust},
      {"Inlet Temp", SensorRole::kOther},  // the defaults no longer apply
  };
  for (const auto& c : cases) {
    EXPECT_EQ(classify_sensor(c.name, inlet, exhaust), c.role) << c.name;
  }
}

std::string write(const core::metrics::MetricSet& set) {
  return core::metrics::TextWriter::write(set);
}

TEST(AddTemperatureMetrics, ExportsMatchingReadingsWithSensorAndHostnameLabels) {
  const ExporterConfig config = parse_config(default_config_text(), "config.ini");
  const std::vector<TemperatureReading> readings{
      {"Inlet Temp", TemperatureUnit::kCelsius, 24.0},
      {"Exhaust Temp", TemperatureUnit::kCelsius, 41.5},
      {"CPU1 Temp", TemperatureUnit::kCelsius, 58.0},
  };
  core::metrics::MetricSet out;
  auto selection = add_temperature_metrics(readings, config, "node-1", out);
  // Families come out in name order, as TextWriter writes them.
  EXPECT_EQ(
      write(out),
      "# HELP IPMI_EXHAUST_TEMP Chassis exhaust (outlet) temperature in degrees Celsius, from the local BMC "
      "over IPMI.\n"
      "# TYPE IPMI_EXHAUST_TEMP gauge\n"
      "IPMI_EXHAUST_TEMP{sensor=\"Exhaust Temp\",Hostname=\"node-1\"} 41.5\n"
      "# HELP IPMI_INLET_TEMP Chassis inlet (intake) temperature in degrees Celsius, from the local BMC over "
      "IPMI.\n"
      "# TYPE IPMI_INLET_TEMP gauge\n"
      "IPMI_INLET_TEMP{sensor=\"Inlet Temp\",Hostname=\"node-1\"} 24\n");
  EXPECT_EQ(selection, (TemperatureSelection{{"Inlet Temp"}, {"Exhaust Temp"}, {"CPU1 Temp"}, {}}));
}

TEST(AddTemperatureMetrics, SkipsSensorsWithoutAUsableReading) {
  const ExporterConfig config = parse_config(default_config_text(), "config.ini");
  const std::vector<TemperatureReading> readings{
      {"PSU1 Inlet Temp", TemperatureUnit::kCelsius, std::nullopt},  // no reading / scanning disabled
      {"Odd Inlet", TemperatureUnit::kOther, 3.0},                   // a "temperature" in some other unit
      {"NaN Exhaust", TemperatureUnit::kCelsius, std::numeric_limits<double>::quiet_NaN()},
      {"Inlet Temp", TemperatureUnit::kCelsius, 22.0},
      {"Inlet Temp", TemperatureUnit::kCelsius, 23.0},  // a second sensor with the same name: same labels
      {"Spare Temp", TemperatureUnit::kCelsius, std::nullopt},  // matches nothing, has nothing: not listed
  };
  core::metrics::MetricSet out;
  auto selection = add_temperature_metrics(readings, config, "h", out);
  auto text = write(out);
  EXPECT_NE(text.find("IPMI_INLET_TEMP{sensor=\"Inlet Temp\",Hostname=\"h\"} 22\n"), std::string::npos)
      << text;
  EXPECT_EQ(text.find(" 23\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("PSU1"), std::string::npos) << text;
  EXPECT_EQ(text.find("IPMI_EXHAUST_TEMP"), std::string::npos) << text;
  EXPECT_EQ(selection,
            (TemperatureSelection{
                {"Inlet Temp"}, {}, {}, {"PSU1 Inlet Temp", "Odd Inlet", "NaN Exhaust", "Inlet Temp"}}));
}

TEST(AddTemperatureMetrics, ConvertsFahrenheitToCelsius) {
  const ExporterConfig config = parse_config(default_config_text(), "config.ini");
  const std::vector<TemperatureReading> readings{{"Exhaust", TemperatureUnit::kFahrenheit, 104.0}};
  core::metrics::MetricSet out;
  add_temperature_metrics(readings, config, "h", out);
  EXPECT_NE(write(out).find("IPMI_EXHAUST_TEMP{sensor=\"Exhaust\",Hostname=\"h\"} 40\n"), std::string::npos);
}

TEST(AddTemperatureMetrics, ExportsOnlyTheMetricsTheConfigLists) {
  const ExporterConfig config = parse_config("[ipmi]\nenabled=1\nIPMI_EXHAUST_TEMP\n", "config.ini");
  const std::vector<TemperatureReading> readings{{"Inlet Temp", TemperatureUnit::kCelsius, 24.0},
                                                 {"Exhaust Temp", TemperatureUnit::kCelsius, 41.0}};
  core::metrics::MetricSet out;
  auto selection = add_temperature_metrics(readings, config, "h", out);
  auto text = write(out);
  EXPECT_EQ(text.find("IPMI_INLET_TEMP"), std::string::npos) << text;
  EXPECT_NE(text.find("IPMI_EXHAUST_TEMP{sensor=\"Exhaust Temp\",Hostname=\"h\"} 41\n"), std::string::npos)
      << text;
  EXPECT_EQ(selection.inlet, std::vector<std::string>{"Inlet Temp"});  // matched, just not exported
}

TEST(AddTemperatureMetrics, UsesTheConfiguredPatterns) {
  const ExporterConfig config = parse_config(
      "[ipmi]\nenabled=1\ninlet_sensors=Sys Temp 1\nexhaust_sensors=sys temp 2, PSU* Temp\nIPMI_INLET_TEMP\n"
      "IPMI_EXHAUST_TEMP\n",
      "config.ini");
  const std::vector<TemperatureReading> readings{{"Sys Temp 1", TemperatureUnit::kCelsius, 20.0},
                                                 {"SYS TEMP 2", TemperatureUnit::kCelsius, 30.0},
                                                 {"PSU2 Temp", TemperatureUnit::kCelsius, 35.0},
                                                 {"Inlet Temp", TemperatureUnit::kCelsius, 21.0}};
  core::metrics::MetricSet out;
  auto selection = add_temperature_metrics(readings, config, "h", out);
  EXPECT_EQ(selection,
            (TemperatureSelection{{"Sys Temp 1"}, {"SYS TEMP 2", "PSU2 Temp"}, {"Inlet Temp"}, {}}));
}

TEST(DescribeSelection, NamesWhatWasTakenAndWhatWasNot) {
  EXPECT_EQ(
      describe_selection({{"Inlet Temp"}, {"Exhaust Temp"}, {"CPU1 Temp", "CPU2 Temp"}, {"PSU1 Inlet"}}),
      "inlet \"Inlet Temp\"; exhaust \"Exhaust Temp\"; other temperature sensors \"CPU1 Temp\", \"CPU2 "
      "Temp\"; "
      "skipped (no reading or repeated name) \"PSU1 Inlet\"");
  EXPECT_EQ(
      describe_selection({{}, {}, {"CPU1 Temp"}, {}}),
      "no temperature sensor matches [ipmi] inlet_sensors or exhaust_sensors; other temperature sensors "
      "\"CPU1 Temp\"");
  EXPECT_EQ(describe_selection({{"Inlet"}, {}, {}, {}}),
            "inlet \"Inlet\"; exhaust none; other temperature sensors none");
}

TEST(IpmiErrorHint, TellsTheOperatorWhatToCheck) {
  EXPECT_EQ(ipmi_error_hint(IPMI_MONITORING_ERR_PASSWORD_INVALID, true),
            " (check IPMI_USER and IPMI_PASS or --ipmi-password-file)");
  EXPECT_EQ(ipmi_error_hint(IPMI_MONITORING_ERR_USERNAME_INVALID, true),
            " (check IPMI_USER and IPMI_PASS or --ipmi-password-file)");
  EXPECT_EQ(ipmi_error_hint(IPMI_MONITORING_ERR_CONNECTION_TIMEOUT, true),
            " (no answer within 5 s: is the BMC reachable, on this port, with IPMI over LAN enabled?)");
  EXPECT_EQ(ipmi_error_hint(IPMI_MONITORING_ERR_CONNECTION_TIMEOUT, false), "");
  EXPECT_EQ(ipmi_error_hint(IPMI_MONITORING_ERR_PERMISSION, false),
            " (dc-exporter needs root to use the IPMI device)");
  EXPECT_EQ(ipmi_error_hint(IPMI_MONITORING_ERR_INTERNAL_ERROR, true), "");
}

struct IpmiFixture {
  ExporterConfig config = parse_config(default_config_text(), "config.ini");
  core::sys::FsRoot procfs{"/proc"};
  core::sys::FsRoot sysfs{"/sys"};
  core::sys::FakeClock clock;
  InventoryHolder inventory;
  CollectorContext context{config, sysfs, procfs, clock, inventory, "h", "", {}, core::log::null_logger()};
};

TEST(IpmiLocalCollector, AbsentDeviceIsAnExpectedUnavailableState) {
  test::TempDir dir;
  IpmiFixture f;
  f.context.ipmi.device = (dir / "ipmi0").string();
  auto collector = make_ipmi_local_collector(f.context);
  EXPECT_EQ(collector->name(), "ipmi_local");
  for (int round = 0; round < 2; ++round) {
    core::metrics::MetricSet out;
    auto status = collector->collect(out);
    EXPECT_FALSE(status.ok);
    EXPECT_TRUE(status.absent);
    EXPECT_EQ(status.error,
              "no local BMC (" + (dir / "ipmi0").string() + " absent; load ipmi_si/ipmi_devintf)");
    EXPECT_TRUE(out.empty());
  }
}

TEST(IpmiLocalCollector, ExistingDeviceThatIsNoIpmiDeviceIsAFailureNamingIt) {
  test::TempDir dir;
  test::write_file(dir / "ipmi0", "not a character device\n");
  IpmiFixture f;
  f.context.ipmi.device = (dir / "ipmi0").string();
  auto collector = make_ipmi_local_collector(f.context);
  core::metrics::MetricSet out;
  auto status = collector->collect(out);
  EXPECT_FALSE(status.ok);
  EXPECT_FALSE(status.absent);
  EXPECT_TRUE(status.error.starts_with((dir / "ipmi0").string() + ": reading temperature sensors failed: "))
      << status.error;
  EXPECT_TRUE(out.empty());
}

TEST(IpmiLocalCollector, OverlongCredentialsFailBeforeAnyNetworkTrafficWithoutShowingThem) {
  IpmiFixture f;
  f.context.ipmi.host = "127.0.0.1";
  f.context.ipmi.port = 9;  // discard: nothing would answer, so a network attempt would time out instead
  f.context.ipmi.user = "dcmon";
  f.context.ipmi.password = "a-password-of-27-characters";
  auto collector = make_ipmi_local_collector(f.context);
  core::metrics::MetricSet out;
  auto status = collector->collect(out);
  EXPECT_FALSE(status.ok);
  EXPECT_EQ(status.error, "127.0.0.1:9: the BMC password is 27 characters long; IPMI 2.0 allows at most 20");
  f.context.ipmi.password = "short";
  f.context.ipmi.user = "a-user-name-of-22-char";
  status = make_ipmi_local_collector(f.context)->collect(out);
  EXPECT_EQ(status.error, "127.0.0.1:9: the BMC user name is 22 characters long; IPMI allows at most 16");
}

}  // namespace
}  // namespace dcm::exporter::collectors
