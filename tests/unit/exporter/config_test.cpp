#include "exporter/config.hpp"

#include <filesystem>

#include <gtest/gtest.h>

#include "core/config/config_error.hpp"
#include "tests/support/paths.hpp"

namespace dcm::exporter {
namespace {

TEST(ExporterConfig, DefaultsAreTheSeedsFile) {
  auto config = parse_config(default_config_text(), "config.ini");
  EXPECT_EQ(config.machine_id, "auto");
  EXPECT_EQ(config.interval, std::chrono::seconds(5));
  EXPECT_TRUE(config.exports(metric::kVramTemp));
  EXPECT_TRUE(config.exports(metric::kAerErrorState));
  EXPECT_FALSE(config.exports(metric::kGpuTemp));  // commented out in the seed
  EXPECT_FALSE(config.exports(metric::kPowerUsage));
  EXPECT_TRUE(config.exports(metric::kMemUsed));
  EXPECT_TRUE(config.exports(metric::kInletTemp));
  EXPECT_EQ(config.effective_timeout(), std::chrono::seconds(10));
}

TEST(ExporterConfig, ShippedConfigIniIsTheBuiltInDefault) {
  EXPECT_EQ(test::read_file(test::source_path("deploy/dc-exporter/config.ini")), default_config_text());
}

TEST(ExporterConfig, DisabledSectionExportsNothing) {
  auto config = parse_config("[gpu]\nenabled=0\nDCGM_FI_DEV_VRAM_TEMP\n", "c.ini");
  EXPECT_FALSE(config.exports(metric::kVramTemp));
  EXPECT_FALSE(config.exports(metric::kLoadAvg));  // section absent
}

TEST(ExporterConfig, ReadsAgentKeysAndSensorPatterns) {
  auto config = parse_config(
      "[agent]\nmachine_id=rig-12\ninterval=10\ncollector_timeout=3\n[ipmi]\nenabled=1\ninlet_sensors=CPU "
      "Inlet, "
      "Front*\nIPMI_INLET_TEMP\n",
      "c.ini");
  EXPECT_EQ(config.machine_id, "rig-12");
  EXPECT_EQ(config.interval, std::chrono::seconds(10));
  EXPECT_EQ(config.effective_timeout(), std::chrono::seconds(3));
  EXPECT_EQ(config.inlet_sensors, (std::vector<std::string>{"CPU Inlet", "Front*"}));
}

// One file per message under tests/fixtures/exporter/config/bad: NAME.ini and NAME.err (the exact text).
TEST(ExporterConfig, EveryBadConfigFixtureGivesItsExactMessage) {
  const auto dir = test::fixture_path("exporter/config/bad");
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".ini") {
      continue;
    }
    auto expected_path = entry.path();
    expected_path.replace_extension(".err");
    auto expected = test::read_file(expected_path);
    while (!expected.empty() && expected.back() == '\n') {
      expected.pop_back();
    }
    try {
      parse_config(test::read_file(entry.path()), "config.ini");
      ADD_FAILURE() << entry.path() << " was accepted";
    } catch (const core::config::ConfigError& e) {
      EXPECT_EQ(e.what(), expected) << entry.path();
    }
    ++checked;
  }
  EXPECT_GE(checked, 6);
}

TEST(ExporterConfig, MissingFileGivesDefaultsAndUnreadableFileIsAnError) {
  test::TempDir dir;
  auto config = load_config(dir / "absent.ini", core::log::null_logger());
  EXPECT_TRUE(config.exports(metric::kVramTemp));
  if (::geteuid() != 0) {  // root reads files regardless of mode
    test::write_file(dir / "locked.ini", "[agent]\n");
    std::filesystem::permissions(dir / "locked.ini", std::filesystem::perms::none);
    EXPECT_THROW(load_config(dir / "locked.ini", core::log::null_logger()), core::config::ConfigError);
  }
}

}  // namespace
}  // namespace dcm::exporter
