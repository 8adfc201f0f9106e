#include "ipmi/alerts/maintenance.hpp"

#include <gtest/gtest.h>

namespace dcm::ipmi::alerts {
namespace {

TimePoint at_utc(int day, int hour, int minute) {
  // 2026-11-01T00:00:00Z = 1793491200
  return TimePoint(std::chrono::seconds(1793491200 + (day - 1) * 86400 + hour * 3600 + minute * 60));
}

TEST(Glob, Matches) {
  struct Case {
    const char* pattern;
    const char* text;
    bool match;
  };
  const Case cases[] = {{"*", "", true},
                        {"*", "CPU Temp", true},
                        {"CPU*", "CPU Temp", true},
                        {"CPU*", "PSU1", false},
                        {"*Temp", "CPU Temp", true},
                        {"PSU?", "PSU1", true},
                        {"PSU?", "PSU12", false},
                        {"a*b*c", "axxbyyc", true},
                        {"a*b*c", "axxbyy", false},
                        {"Inlet Temp", "Inlet Temp", true}};
  for (const auto& c : cases) {
    EXPECT_EQ(glob_match(c.pattern, c.text), c.match) << c.pattern << " " << c.text;
  }
}

TEST(Maintenance, AbsoluteWindowByServerName) {
  MaintenanceWindow window;
  window.servers = {"gpu-0*"};
  window.start = at_utc(25, 10, 0);
  window.end = at_utc(25, 12, 0);
  EXPECT_FALSE(in_window(window, "gpu-01", {}, at_utc(25, 9, 59)));
  EXPECT_TRUE(in_window(window, "gpu-01", {}, at_utc(25, 10, 0)));
  EXPECT_TRUE(in_window(window, "gpu-01", {}, at_utc(25, 11, 59)));
  EXPECT_FALSE(in_window(window, "gpu-01", {}, at_utc(25, 12, 0)));
  EXPECT_FALSE(in_window(window, "cpu-01", {}, at_utc(25, 11, 0)));
}

TEST(Maintenance, DailyWindowAcrossMidnightByTag) {
  MaintenanceWindow window;
  window.tags = {{"rack", "r1"}};
  window.daily = std::make_pair(23 * 60 + 30, 60);
  const std::map<std::string, std::string> r1{{"rack", "r1"}, {"site", "x"}}, r2{{"rack", "r2"}};
  EXPECT_TRUE(in_window(window, "a", r1, at_utc(3, 23, 45)));
  EXPECT_TRUE(in_window(window, "a", r1, at_utc(4, 0, 59)));
  EXPECT_FALSE(in_window(window, "a", r1, at_utc(4, 1, 0)));
  EXPECT_FALSE(in_window(window, "a", r1, at_utc(4, 12, 0)));
  EXPECT_FALSE(in_window(window, "a", r2, at_utc(3, 23, 45)));
  EXPECT_FALSE(in_maintenance({}, "a", r1, at_utc(3, 23, 45)));
  EXPECT_TRUE(in_maintenance({window}, "a", r1, at_utc(3, 23, 45)));
}

}  // namespace
}  // namespace dcm::ipmi::alerts
