#include "ipmi/alerts/alert_engine.hpp"

#include <gtest/gtest.h>

#include "core/notify/telegram.hpp"
#include "ipmi/alerts/alert_message.hpp"
#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::alerts {
namespace {

using namespace std::chrono_literals;
using store::testing::make_server;
using store::testing::reading;
using store::testing::sel_event;

// A channel that records what it was sent; it answers "retry later" while `failing` is set.
struct Channel {
  std::mutex mutex;
  std::vector<core::notify::Message> messages;
  bool failing = false;
  int attempts = 0;
};

class RecordingNotifier final : public core::notify::Notifier {
 public:
  explicit RecordingNotifier(std::shared_ptr<Channel> channel) : channel_(std::move(channel)) {}
  std::string_view name() const override { return "recording"; }
  core::notify::Result send(const core::notify::Message& message) override {
    std::lock_guard lock(channel_->mutex);
    ++channel_->attempts;
    if (channel_->failing) {
      return core::notify::Result::retryable("busy", std::chrono::milliseconds(30'000));
    }
    channel_->messages.push_back(message);
    return core::notify::Result::ok();
  }

 private:
  std::shared_ptr<Channel> channel_;
};

class AlertEngineTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    store_->add_server(make_server("a"));
    store_->add_server(make_server("b"));
    servers_.resize(2);
    servers_[0].name = "a";
    servers_[0].tags = {{"rack", "r1"}};
    servers_[1].name = "b";
  }

  std::unique_ptr<AlertEngine> make_engine(std::vector<Rule> rules,
                                           std::vector<MaintenanceWindow> windows = {}) {
    AlertSettings settings;
    settings.rules = std::move(rules);
    settings.maintenance = std::move(windows);
    auto engine = std::make_unique<AlertEngine>(settings, *store_, clock_, core::log::null_logger());
    engine->add_notifier(std::make_unique<RecordingNotifier>(channel_), core::notify::RetryPolicy{});
    engine->set_inventory(servers_);
    engine->start();
    return engine;
  }

  std::vector<store::EventRecord> store_events(const std::string& server, std::vector<SelEvent> events) {
    return store_->store_sel(server, events, SelCursor{}).added;
  }

  std::size_t pending() {
    store::AlertFilter filter;
    filter.pending_notification_only = true;
    return store_->alerts(filter).size();
  }

  // Waits until the outbox is empty (the delivery thread marked everything), bounded.
  void drain() {
    for (int i = 0; i < 500 && pending() > 0; ++i) {
      std::this_thread::sleep_for(10ms);
    }
  }

  std::vector<core::notify::Message> messages() {
    drain();
    std::lock_guard lock(channel_->mutex);
    return channel_->messages;
  }

  std::unique_ptr<store::SqliteStore> store_;
  std::vector<ServerConfig> servers_;
  std::shared_ptr<Channel> channel_ = std::make_shared<Channel>();
};

Rule rule_of(const std::string& name, RuleKind kind, std::chrono::seconds for_duration = 0s) {
  Rule rule;
  rule.name = name;
  rule.kind = kind;
  rule.for_duration = for_duration;
  return rule;
}

TEST_F(AlertEngineTest, UnreachableForFiveMinutesFiresOnceAndResolves) {
  auto engine = make_engine({rule_of("down", RuleKind::kUnreachable, 5min)});
  const auto t0 = clock_.now();
  engine->on_power_failure("a", "timeout after 2 s", t0);
  clock_.advance(1min);
  engine->on_power_failure("a", "timeout after 2 s", clock_.now());
  clock_.advance(3min);
  engine->tick();
  EXPECT_TRUE(messages().empty()) << "4 minutes of failures are not 5";
  clock_.advance(1min);
  engine->tick();
  clock_.advance(1min);
  engine->on_power_failure("a", "timeout after 2 s", clock_.now());
  engine->tick();
  auto sent = messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].title, "a: FIRING down: BMC unreachable for 5 min or more: timeout after 2 s");
  EXPECT_EQ(sent[0].severity, core::notify::Severity::kCritical);

  PowerStatus on;
  on.on = true;
  engine->on_power("a", on, clock_.now());
  engine->on_power("a", on, clock_.now());
  sent = messages();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].title, "a: RESOLVED down: BMC unreachable for 5 min or more: timeout after 2 s");
  EXPECT_EQ(sent[1].severity, core::notify::Severity::kResolved);
}

TEST_F(AlertEngineTest, OneLostPacketIsNotUnreachable) {
  auto engine = make_engine({rule_of("down", RuleKind::kUnreachable, 5min)});
  engine->on_power_failure("a", "timeout", clock_.now());
  clock_.advance(10min);
  engine->tick();
  PowerStatus on;
  on.on = true;
  engine->on_power("a", on, clock_.now());
  clock_.advance(10min);
  engine->on_power_failure("a", "timeout", clock_.now());
  engine->tick();
  EXPECT_TRUE(messages().empty());
  EXPECT_TRUE(store_->alerts(store::AlertFilter{}).empty());
}

TEST_F(AlertEngineTest, NewEventsOfOneSweepMakeOneMessagePerServer) {
  auto engine = make_engine({rule_of("critical-events", RuleKind::kEvent)});
  auto psu = sel_event(1, 100, Severity::kCritical);
  psu.message = "Power Supply AC lost <PSU 2>";
  auto ecc = sel_event(2, 101, Severity::kCritical);
  ecc.message = "Uncorrectable ECC & parity";
  auto info = sel_event(3, 102, Severity::kInfo);
  engine->on_new_events("a", store_events("a", {psu, ecc, info}));
  engine->on_new_events("b", store_events("b", {sel_event(7, 100, Severity::kCritical)}));
  auto sent = messages();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].title, "a: 2 alerts");
  EXPECT_NE(sent[0].body.find("Power Supply AC lost <PSU 2> (SEL record 1)"), std::string::npos)
      << sent[0].body;
  EXPECT_NE(sent[0].body.find("Uncorrectable ECC & parity (SEL record 2)"), std::string::npos);
  EXPECT_EQ(sent[0].body.find("SEL record 3"), std::string::npos) << "info is below the rule's severity";
  EXPECT_EQ(sent[1].title, "b: critical-events: [critical] Correctable ECC (SEL record 7)");
  // BMC text reaches Telegram escaped.
  const auto html = core::notify::telegram_html(sent[0]);
  EXPECT_NE(html.find("&lt;PSU 2&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("ECC &amp; parity"), std::string::npos);
  // Events are one-off: nothing stays firing, nothing resolves later.
  store::AlertFilter firing;
  firing.state = store::AlertState::kFiring;
  EXPECT_TRUE(store_->alerts(firing).empty());
}

TEST_F(AlertEngineTest, MaintenanceRecordsButSuppressesNotifications) {
  MaintenanceWindow window;
  window.tags = {{"rack", "r1"}};
  window.start = clock_.now() - 1h;
  window.end = clock_.now() + 1h;
  auto engine = make_engine({rule_of("critical-events", RuleKind::kEvent)}, {window});
  engine->on_new_events("a", store_events("a", {sel_event(1, 100, Severity::kCritical)}));
  engine->on_new_events("b", store_events("b", {sel_event(1, 100, Severity::kCritical)}));
  auto sent = messages();
  ASSERT_EQ(sent.size(), 1u) << "a (rack r1) is in maintenance";
  EXPECT_TRUE(sent[0].title.starts_with("b: "));
  EXPECT_EQ(store_->alerts(store::AlertFilter{}).size(), 2u) << "both recorded";

  clock_.advance(2h);
  engine->on_new_events("a", store_events("a", {sel_event(2, 200, Severity::kCritical)}));
  sent = messages();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_TRUE(sent[1].title.starts_with("a: ")) << "the window is over";
}

TEST_F(AlertEngineTest, SensorThresholdNeedsItsDurationAndSensorStateResolves) {
  Rule hot = rule_of("hot", RuleKind::kSensorThreshold, 2min);
  hot.sensor = "Inlet*";
  hot.op = Comparison::kGreater;
  hot.value = 40;
  hot.severity = Severity::kWarning;
  Rule critical = rule_of("critical-sensors", RuleKind::kSensorState);
  critical.sensor = "PSU*";
  auto engine = make_engine({hot, critical});
  engine->on_sensors("a", {reading("Inlet Temp", 45.0), reading("PSU1 Status", std::nullopt)}, clock_.now());
  clock_.advance(1min);
  engine->on_sensors("a", {reading("Inlet Temp", 46.0)}, clock_.now());
  EXPECT_TRUE(messages().empty());
  clock_.advance(1min);
  engine->on_sensors(
      "a", {reading("Inlet Temp", 47.0), reading("PSU1 Status", std::nullopt, SensorState::kCritical)},
      clock_.now());
  auto sent = messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].title, "a: 2 alerts");
  EXPECT_NE(sent[0].body.find("FIRING hot: Inlet Temp = 47 C (> 40 for 2 min)"), std::string::npos)
      << sent[0].body;
  EXPECT_NE(sent[0].body.find("FIRING critical-sensors: PSU1 Status is critical"), std::string::npos);
  engine->on_sensors(
      "a", {reading("Inlet Temp", 47.0), reading("PSU1 Status", std::nullopt, SensorState::kCritical)},
      clock_.now());
  engine->on_sensors("a", {reading("Inlet Temp", 30.0), reading("PSU1 Status", std::nullopt)}, clock_.now());
  sent = messages();
  ASSERT_EQ(sent.size(), 2u) << "still firing sends nothing; both resolve in one message";
  EXPECT_NE(sent[1].body.find("RESOLVED hot"), std::string::npos);
  EXPECT_NE(sent[1].body.find("RESOLVED critical-sensors"), std::string::npos);
}

TEST_F(AlertEngineTest, PowerChangeIsNotifiedOnce) {
  auto engine = make_engine({rule_of("power", RuleKind::kPowerChange)});
  PowerStatus power;
  power.on = true;
  engine->on_power("a", power, clock_.now());
  engine->on_power("a", power, clock_.now());
  power.on = false;
  engine->on_power("a", power, clock_.now());
  engine->on_power("a", power, clock_.now());
  auto sent = messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].title, "a: power: chassis power turned off");
}

TEST_F(AlertEngineTest, RestartNeitherLosesNorDuplicates) {
  channel_->failing = true;
  {
    auto engine = make_engine({rule_of("critical-events", RuleKind::kEvent)});
    engine->on_new_events("a", store_events("a", {sel_event(1, 100, Severity::kCritical)}));
  }  // "crash": stopped while the channel still refuses
  EXPECT_EQ(pending(), 1u);
  channel_->failing = false;
  {
    auto engine = make_engine({rule_of("critical-events", RuleKind::kEvent)});
    EXPECT_EQ(messages().size(), 1u) << "the outbox is sent after the restart";
  }
  {
    auto engine = make_engine({rule_of("critical-events", RuleKind::kEvent)});
    engine->tick();
    EXPECT_EQ(messages().size(), 1u) << "and not again";
  }
}

TEST_F(AlertEngineTest, WithoutNotifiersAlertsAreOnlyRecorded) {
  AlertSettings settings;
  settings.rules = {rule_of("critical-events", RuleKind::kEvent)};
  AlertEngine engine(settings, *store_, clock_, core::log::null_logger());
  engine.start();
  engine.on_new_events("a", store_events("a", {sel_event(1, 100, Severity::kCritical)}));
  EXPECT_EQ(pending(), 0u);
  EXPECT_EQ(store_->alerts(store::AlertFilter{}).size(), 1u);
}

}  // namespace
}  // namespace dcm::ipmi::alerts
