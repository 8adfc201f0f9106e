#include "exporter/snapshot_store.hpp"

#include <sstream>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

namespace dcm::exporter {
namespace {

using core::metrics::MetricSet;
using core::metrics::MetricType;

MetricSet one(const char* name, double value) {
  MetricSet set;
  set.add(name, "help", MetricType::kGauge, {}, value);
  return set;
}

TEST(SnapshotStore, ServesTheLatestPublishedSeriesWithSelfMetrics) {
  core::sys::FakeClock clock;
  SnapshotStore store(clock, std::chrono::seconds(10), one("constant", 1), core::log::null_logger());
  store.add_collector("a");
  store.begin("a");
  store.publish("a", one("a_value", 5), CollectStatus::success(), std::chrono::milliseconds(250));
  auto text = store.render();
  EXPECT_NE(text.find("a_value 5\n"), std::string::npos);
  EXPECT_NE(text.find("constant 1\n"), std::string::npos);
  EXPECT_NE(text.find("dc_exporter_collector_success{collector=\"a\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("dc_exporter_collector_duration_seconds{collector=\"a\"} 0.25\n"), std::string::npos);
}

TEST(SnapshotStore, FailedCollectorKeepsItsPartialSeriesAndReportsZero) {
  core::sys::FakeClock clock;
  SnapshotStore store(clock, std::chrono::seconds(10), {}, core::log::null_logger());
  store.add_collector("a");
  store.publish("a", one("a_value", 5), CollectStatus::failure("file x: garbage"),
                std::chrono::milliseconds(1));
  auto text = store.render();
  EXPECT_NE(text.find("a_value 5\n"), std::string::npos);
  EXPECT_NE(text.find("dc_exporter_collector_success{collector=\"a\"} 0\n"), std::string::npos);
}

TEST(SnapshotStore, HungCollectorLosesItsSeriesUntilItReturns) {
  core::sys::FakeClock clock;
  SnapshotStore store(clock, std::chrono::seconds(10), {}, core::log::null_logger());
  store.add_collector("nvml");
  store.publish("nvml", one("gpu_temp", 60), CollectStatus::success(), std::chrono::milliseconds(1));
  store.begin("nvml");
  clock.advance(std::chrono::seconds(5));
  EXPECT_NE(store.render().find("gpu_temp 60"), std::string::npos);  // slow, not yet hung
  clock.advance(std::chrono::seconds(6));
  auto hung = store.render();
  EXPECT_EQ(hung.find("gpu_temp"), std::string::npos);
  EXPECT_NE(hung.find("dc_exporter_collector_success{collector=\"nvml\"} 0\n"), std::string::npos);
  EXPECT_NE(hung.find("dc_exporter_collector_duration_seconds{collector=\"nvml\"} 11\n"), std::string::npos);
  EXPECT_TRUE(store.states()[0].hung);
  store.publish("nvml", one("gpu_temp", 61), CollectStatus::success(), std::chrono::seconds(12));
  EXPECT_NE(store.render().find("gpu_temp 61"), std::string::npos);
  EXPECT_FALSE(store.states()[0].hung);
}

TEST(SnapshotStore, NeverPublishedCollectorReportsZero) {
  core::sys::FakeClock clock;
  SnapshotStore store(clock, std::chrono::seconds(10), {}, core::log::null_logger());
  store.add_collector("ipmi_local");
  EXPECT_NE(store.render().find("dc_exporter_collector_success{collector=\"ipmi_local\"} 0\n"),
            std::string::npos);
}

TEST(SnapshotStore, AbsentHardwareIsLoggedOnceAtInfoNotAsAWarning) {
  core::sys::FakeClock clock;
  std::ostringstream log;
  auto logger = std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::ostream_sink_st>(log));
  logger->set_pattern("%l %v");
  logger->set_level(spdlog::level::trace);
  SnapshotStore store(clock, std::chrono::seconds(10), {}, logger);
  store.add_collector("ipmi_local");
  for (int round = 0; round < 3; ++round) {
    store.publish("ipmi_local", {}, CollectStatus::unavailable("no local BMC (/dev/ipmi0 absent)"),
                  std::chrono::milliseconds(1));
  }
  EXPECT_EQ(log.str(), "info collector ipmi_local unavailable: no local BMC (/dev/ipmi0 absent)\n");
  EXPECT_NE(store.render().find("dc_exporter_collector_success{collector=\"ipmi_local\"} 0\n"),
            std::string::npos);
  store.publish("ipmi_local", {}, CollectStatus::failure("127.0.0.1:623: timeout"),
                std::chrono::milliseconds(1));
  EXPECT_NE(log.str().find("warning collector ipmi_local failed: 127.0.0.1:623: timeout\n"),
            std::string::npos)
      << log.str();
}

}  // namespace
}  // namespace dcm::exporter
