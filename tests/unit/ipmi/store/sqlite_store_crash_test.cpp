// kill -9 during a sweep loses no event that store_sel had acknowledged as stored, and leaves a database
// that passes integrity_check. A forked child stores SEL batches and sensor sweeps as fast as it can and
// reports each store_sel that returned over a pipe; the parent kills it with SIGKILL part-way, then reopens.
#include <set>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::store {
namespace {

using testing::make_server;
using testing::reading;
using testing::sel_event;

constexpr int kEventsPerBatch = 5;

// The child: never returns.
[[noreturn]] void store_until_killed(const std::filesystem::path& path, int ack_fd,
                                     std::uint16_t first_record, std::uint16_t last_record) {
  try {
    core::sys::FakeClock clock;
    StoreOptions options;
    options.path = path;
    auto store = SqliteStore::open(options, clock);
    std::vector<SensorReading> readings;
    for (int i = 0; i < 30; ++i) {
      readings.push_back(reading("Sensor " + std::to_string(i), i));
    }
    for (std::uint32_t record = first_record; record + kEventsPerBatch <= last_record;
         record += kEventsPerBatch) {
      std::vector<SelEvent> batch;
      for (int i = 0; i < kEventsPerBatch; ++i) {
        batch.push_back(sel_event(static_cast<std::uint16_t>(record + i), record + i, Severity::kWarning));
      }
      SelCursor cursor;
      cursor.last_record_id = batch.back().record_id;
      cursor.last_record_raw = batch.back().raw;
      store->store_sel("a", batch, cursor);
      // store_sel returned: these events are acknowledged as stored.
      const std::uint32_t acked = record + kEventsPerBatch - 1;
      if (::write(ack_fd, &acked, sizeof acked) != static_cast<ssize_t>(sizeof acked)) {
        ::_exit(3);
      }
      clock.advance(std::chrono::seconds(1));
      store->record_sensors("a", clock.now(), readings);
    }
    ::_exit(0);
  } catch (...) {
    ::_exit(2);
  }
}

TEST(StoreCrash, KillNineMidSweepLosesNoAcknowledgedEventAndLeavesAnIntactDatabase) {
  test::TempDir dir;
  const auto path = dir / "ipmi-monitor.db";
  core::sys::FakeClock clock;
  {
    StoreOptions options;
    options.path = path;
    SqliteStore::open(options, clock)->add_server(make_server("a"));
  }
  // Three runs, killed after different amounts of work; each run uses its own record id range.
  const std::uint32_t kill_after[] = {40, 97, 211};
  for (std::uint16_t run = 0; run < 3; ++run) {
    SCOPED_TRACE("run " + std::to_string(run));
    const auto first = static_cast<std::uint16_t>(1 + run * 20000);
    const auto last = static_cast<std::uint16_t>(first + 19990);
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      store_until_killed(path, fds[1], first, last);
    }
    ::close(fds[1]);

    std::uint32_t acked = 0;
    std::uint32_t acks = 0;
    bool killed = false;
    std::uint32_t value = 0;
    while (::read(fds[0], &value, sizeof value) == static_cast<ssize_t>(sizeof value)) {
      acked = value;
      if (++acks == kill_after[run] && !killed) {
        ::kill(child, SIGKILL);
        killed = true;
      }
    }
    ::close(fds[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the child finished before it was killed (status " << status << ")";
    ASSERT_GE(acks, kill_after[run]);

    StoreOptions options;
    options.path = path;
    auto store = SqliteStore::open(options, clock);
    EXPECT_EQ(store->integrity_check(), "ok");
    std::set<std::uint32_t> stored;
    const auto events =
        store->events(testing::make<EventFilter>([](EventFilter& f) { f.limit = 1'000'000; }));
    for (const auto& event : events) {
      stored.insert(static_cast<std::uint32_t>(std::stoul(event.event.record_id)));
    }
    for (std::uint32_t record = first; record <= acked; ++record) {
      ASSERT_TRUE(stored.count(record))
          << "record " << record << " was acknowledged (up to " << acked << ") but is missing";
    }
    // Whole batches only: a killed transaction leaves nothing half-stored.
    std::uint32_t in_run = 0;
    for (auto record : stored) {
      in_run += record >= first && record <= last ? 1 : 0;
    }
    EXPECT_EQ(in_run % kEventsPerBatch, 0u);
    EXPECT_EQ(store->events_total("a"), stored.size()) << "the counter moved with the committed events";
    const auto cursor = store->sel_cursor("a");
    ASSERT_TRUE(cursor);
    EXPECT_GE(std::stoul(cursor->last_record_id), acked) << "the cursor committed with its events";
  }
}

}  // namespace
}  // namespace dcm::ipmi::store
