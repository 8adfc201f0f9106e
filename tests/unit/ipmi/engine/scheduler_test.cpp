// The collection engine's scheduling rules, with a scripted BMC client (the BMC protocols themselves are
// tested against ipmi_sim and the Redfish simulator) and a FakeClock.
#include "ipmi/engine/scheduler.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

namespace dcm::ipmi::engine {
namespace {

using bmc::BmcError;
using namespace std::chrono_literals;

// Behaviour of one scripted BMC; shared with the test so it can change while the engine runs.
struct Script {
  std::mutex mutex;
  bool reachable = true;
  bool sensors_throw_std = false;
  SelInfo sel_info{3, 100, 1};
  std::vector<SelEvent> sel_events;
  std::chrono::milliseconds power_delay{0};
  std::map<std::string, int> calls;

  int count(const std::string& what) {
    std::lock_guard lock(mutex);
    return calls[what];
  }
};

class ScriptedClient final : public bmc::BmcClient {
 public:
  explicit ScriptedClient(std::shared_ptr<Script> script) : script_(std::move(script)) {}
  PowerStatus read_power() override {
    note("power");
    std::chrono::milliseconds delay;
    bool reachable;
    {
      std::lock_guard lock(script_->mutex);
      delay = script_->power_delay;
      reachable = script_->reachable;
    }
    std::this_thread::sleep_for(delay);
    if (!reachable) {
      throw BmcError(BmcError::Kind::kTimeout, "timeout after 5 s");
    }
    return {true, 350.0};
  }
  std::vector<SensorReading> read_sensors() override {
    note("sensors");
    std::lock_guard lock(script_->mutex);
    if (script_->sensors_throw_std) {
      throw std::out_of_range("vector::at");
    }
    return {{"Inlet Temp", "Temperature", "C", 24.0, SensorState::kOk}};
  }
  SelInfo read_sel_info() override {
    note("sel_info");
    std::lock_guard lock(script_->mutex);
    return script_->sel_info;
  }
  std::vector<SelEvent> read_sel(const SelCursor&) override {
    note("sel");
    std::lock_guard lock(script_->mutex);
    return script_->sel_events;
  }
  void power_action(const std::string&) override {}

 private:
  void note(const std::string& what) {
    std::lock_guard lock(script_->mutex);
    ++script_->calls[what];
  }
  std::shared_ptr<Script> script_;
};

class RecordingSink final : public CollectionSink {
 public:
  void on_power(const std::string& server, const PowerStatus&, TimePoint) override { add(server + " power"); }
  void on_sensors(const std::string& server, const std::vector<SensorReading>&, TimePoint) override {
    add(server + " sensors");
  }
  SelCursor sel_cursor(const std::string& server) override {
    std::lock_guard lock(mutex_);
    return cursors_[server];
  }
  void on_sel(const std::string& server, const std::vector<SelEvent>& events,
              const SelCursor& cursor) override {
    std::lock_guard lock(mutex_);
    cursors_[server] = cursor;
    log_.push_back(server + " sel " + std::to_string(events.size()));
  }
  void on_failure(const std::string& server, Task task, BmcError::Kind, const std::string& reason,
                  TimePoint) override {
    add(server + " failed " + std::string(to_string(task)) + ": " + reason);
  }
  void on_job_done(const std::string& server, bool ok, std::chrono::duration<double>, TimePoint) override {
    add(server + (ok ? " ok" : " not ok"));
  }
  std::vector<std::string> take() {
    std::lock_guard lock(mutex_);
    return std::exchange(log_, {});
  }
  int count_prefix(const std::string& prefix) {
    std::lock_guard lock(mutex_);
    return static_cast<int>(
        std::count_if(log_.begin(), log_.end(), [&](const auto& l) { return l.starts_with(prefix); }));
  }

 private:
  void add(std::string line) {
    std::lock_guard lock(mutex_);
    log_.push_back(std::move(line));
  }
  std::mutex mutex_;
  std::vector<std::string> log_;
  std::map<std::string, SelCursor> cursors_;
};

ServerConfig server(const std::string& name) {
  ServerConfig config;
  config.name = name;
  config.bmc_host = "127.0.0.1";
  return config;
}

struct Fixture {
  core::sys::FakeClock clock;
  RecordingSink sink;
  std::map<std::string, std::shared_ptr<Script>> scripts;
  int clients_made = 0;
  Scheduler scheduler{EngineOptions{}, clock,
                      [this](const ServerConfig& config) {
                        ++clients_made;
                        auto& script = scripts[config.name];
                        if (!script) {
                          script = std::make_shared<Script>();
                        }
                        return std::make_unique<ScriptedClient>(script);
                      },
                      sink, core::log::null_logger()};
  Script& script(const std::string& name) {
    auto& s = scripts[name];
    if (!s) {
      s = std::make_shared<Script>();
    }
    return *s;
  }
};

TEST(Scheduler, FirstSweepRunsEveryTaskThenEachOnItsOwnInterval) {
  Fixture f;
  f.scheduler.set_servers({server("a")});
  EXPECT_EQ(f.scheduler.run_due_now(), 1u);
  EXPECT_EQ(f.sink.take(), (std::vector<std::string>{"a power", "a sensors", "a sel 0", "a ok"}));
  EXPECT_EQ(f.scheduler.run_due_now(), 0u);  // nothing due yet
  f.clock.advance(30s);
  f.scheduler.run_due_now();
  EXPECT_EQ(f.sink.take(), (std::vector<std::string>{"a power", "a ok"}));
  f.clock.advance(30s);
  f.scheduler.run_due_now();
  EXPECT_EQ(f.sink.take(), (std::vector<std::string>{"a power", "a sensors", "a ok"}));  // SEL unchanged
  EXPECT_EQ(f.clients_made, 1);  // the session is reused
}

TEST(Scheduler, UnchangedSelIsNotTransferredAndAChangedOneIs) {
  Fixture f;
  f.scheduler.set_servers({server("a")});
  f.scheduler.run_due_now();
  EXPECT_EQ(f.script("a").count("sel"), 1);
  f.clock.advance(60s);
  f.scheduler.run_due_now();
  EXPECT_EQ(f.script("a").count("sel_info"), 2);
  EXPECT_EQ(f.script("a").count("sel"), 1);  // same SelInfo: no read
  {
    std::lock_guard lock(f.script("a").mutex);
    f.script("a").sel_info = SelInfo{4, 160, 1};
    SelEvent event;
    event.record_id = "4";
    event.raw = "04000200a0000000200004010501ff00";
    f.script("a").sel_events = {event};
  }
  f.sink.take();
  f.clock.advance(60s);
  f.scheduler.run_due_now();
  EXPECT_EQ(f.script("a").count("sel"), 2);
  EXPECT_EQ(f.sink.take(), (std::vector<std::string>{"a power", "a sensors", "a sel 1", "a ok"}));
  EXPECT_EQ(f.sink.sel_cursor("a").last_record_id, "4");
  EXPECT_EQ(f.sink.sel_cursor("a").info_seen.entries, 4u);
}

TEST(Scheduler, UnreachableBmcBacksOffExponentiallyAndRecovers) {
  Fixture f;
  f.script("dead").reachable = false;
  f.scheduler.set_servers({server("dead")});
  f.scheduler.run_due_now();
  EXPECT_EQ(f.sink.take(), (std::vector<std::string>{"dead failed power: timeout after 5 s", "dead not ok"}));
  EXPECT_EQ(backoff_delay(EngineOptions{}, 1), 30s);
  EXPECT_EQ(backoff_delay(EngineOptions{}, 2), 60s);
  EXPECT_EQ(backoff_delay(EngineOptions{}, 3), 120s);
  EXPECT_EQ(backoff_delay(EngineOptions{}, 20), 600s);
  f.clock.advance(30s);
  f.scheduler.run_due_now();  // second failure: next try 60 s later
  f.sink.take();
  f.clock.advance(59s);
  EXPECT_EQ(f.scheduler.run_due_now(), 0u);
  f.script("dead").reachable = true;
  f.clock.advance(1s);
  EXPECT_EQ(f.scheduler.run_due_now(), 1u);
  EXPECT_EQ(f.sink.take(), (std::vector<std::string>{"dead power", "dead sensors", "dead sel 0", "dead ok"}));
  EXPECT_EQ(f.scheduler.schedules()[0].consecutive_failures, 0);
  EXPECT_EQ(f.clients_made, 3);  // a failed session is dropped and rebuilt
}

TEST(Scheduler, AnUnexpectedExceptionCostsOneTaskNotTheDaemon) {
  Fixture f;
  f.script("a").sensors_throw_std = true;
  f.scheduler.set_servers({server("a")});
  f.scheduler.run_due_now();
  EXPECT_EQ(f.sink.take(),
            (std::vector<std::string>{"a power", "a failed sensors: unexpected error: vector::at", "a sel 0",
                                      "a not ok"}));
}

TEST(Scheduler, InventoryChangesAddRemoveAndRebuildChangedServers) {
  Fixture f;
  f.scheduler.set_servers({server("a"), server("b")});
  f.scheduler.run_due_now();
  EXPECT_EQ(f.clients_made, 2);
  auto moved = server("b");
  moved.bmc_port = 6230;
  f.scheduler.set_servers({server("a"), moved, server("c")});
  f.sink.take();
  EXPECT_EQ(f.scheduler.run_due_now(), 2u);  // b (changed: due again with a new client) and c (new)
  EXPECT_EQ(f.clients_made, 4);
  f.scheduler.set_servers({server("c")});
  EXPECT_EQ(f.scheduler.schedules().size(), 1u);
}

TEST(Scheduler, ADeadBmcDoesNotStopTheWorkersSweepingLiveOnes) {
  core::sys::SystemClock clock;
  RecordingSink sink;
  auto slow = std::make_shared<Script>();
  slow->power_delay = 3s;  // a BMC that takes its whole timeout to not answer
  slow->reachable = false;
  auto live = std::make_shared<Script>();
  EngineOptions options;
  options.workers = 2;
  options.power_interval = 1s;
  options.sensor_interval = 1s;
  options.sel_interval = 1s;
  Scheduler scheduler(
      options, clock,
      [&](const ServerConfig& config) {
        return std::make_unique<ScriptedClient>(config.name == "dead" ? slow : live);
      },
      sink, core::log::null_logger());
  scheduler.set_servers({server("dead"), server("live1"), server("live2")});
  scheduler.start();
  // While "dead" holds one worker for 3 s, the other keeps sweeping the live BMCs every second.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline &&
         (sink.count_prefix("live1 ok") < 2 || sink.count_prefix("live2 ok") < 2)) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_GE(sink.count_prefix("live1 ok"), 2);
  EXPECT_GE(sink.count_prefix("live2 ok"), 2);
  scheduler.stop();
}

}  // namespace
}  // namespace dcm::ipmi::engine
