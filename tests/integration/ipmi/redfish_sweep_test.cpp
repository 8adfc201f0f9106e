// The collection engine's shape for Redfish fleets: one HttpMulti thread drives every request, and each BMC's
// steps are a coroutine. Here 200 simulated BMCs in one redfish-sim process are swept (power, sensors, SEL)
// concurrently, all started from the test thread.
#include <condition_variable>
#include <memory>
#include <mutex>

#include <gtest/gtest.h>

#include "core/sys/clock.hpp"
#include "ipmi/bmc/redfish.hpp"
#include "tests/support/redfish_sim.hpp"

namespace dcm::ipmi::bmc {
namespace {

struct Result {
  PowerStatus power;
  std::size_t sensors = 0;
  std::size_t events = 0;
  std::string error;
};

Task<void> sweep_one(RedfishClient& client, Result& result) {
  result.power = co_await client.async_read_power();
  const auto sensors = co_await client.async_read_sensors();
  result.sensors = sensors.size();
  const SelCursor from_start;  // named: GCC 12 mishandles a prvalue argument of a coroutine inside co_await
  const auto events = co_await client.async_read_sel(from_start);
  result.events = events.size();
}

TEST(RedfishSweep, OneThreadSweepsTwoHundredBmcsConcurrently) {
  constexpr int kBmcs = 200;
  test::RedfishSimProcess sim({"dell_idrac_like", "supermicro_like"}, kBmcs, {"--threads-per-bmc", "1"});
  ASSERT_EQ(sim.size(), static_cast<std::size_t>(kBmcs));
  HttpMulti http;
  core::sys::FakeClock clock;
  std::vector<std::unique_ptr<RedfishClient>> clients;
  std::vector<Result> results(kBmcs);
  for (int i = 0; i < kBmcs; ++i) {
    ServerConfig config;
    config.name = "bmc-" + std::to_string(i);
    config.redfish_url = sim.url(static_cast<std::size_t>(i));
    config.user = i % 2 == 0 ? "root" : "ADMIN";
    config.password = i % 2 == 0 ? "calvin-sim" : "smc-sim-pass";
    config.timeout = std::chrono::seconds(30);
    clients.push_back(std::make_unique<RedfishClient>(config, http, clock));
  }

  std::mutex mutex;
  std::condition_variable finished;
  int done = 0;
  for (int i = 0; i < kBmcs; ++i) {
    spawn(sweep_one(*clients[static_cast<std::size_t>(i)], results[static_cast<std::size_t>(i)]),
          [&, i](std::exception_ptr error) {
            std::lock_guard lock(mutex);
            if (error) {
              try {
                std::rethrow_exception(error);
              } catch (const std::exception& e) {
                results[static_cast<std::size_t>(i)].error = e.what();
              }
            }
            ++done;
            finished.notify_one();
          });
  }
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(finished.wait_for(lock, std::chrono::minutes(3), [&] { return done == kBmcs; }))
        << done << " of " << kBmcs << " finished";
  }
  for (int i = 0; i < kBmcs; ++i) {
    const auto& result = results[static_cast<std::size_t>(i)];
    ASSERT_EQ(result.error, "") << "bmc " << i;
    EXPECT_EQ(result.power.on, true);
    EXPECT_EQ(result.power.watts, i % 2 == 0 ? 700.0 : 3055.0) << "bmc " << i;
    EXPECT_EQ(result.sensors, i % 2 == 0 ? 21u : 16u) << "bmc " << i;
    EXPECT_EQ(result.events, i % 2 == 0 ? 9u : 8u) << "bmc " << i;
  }
  EXPECT_GT(http.peak_in_flight(), 50u);  // many BMCs in flight at once, from one thread
  clients.clear();                        // log out of every session before the HttpMulti goes
}

}  // namespace
}  // namespace dcm::ipmi::bmc
