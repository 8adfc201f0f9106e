#include "ipmi/engine/scheduler.hpp"

#include <algorithm>

#include "core/sched/periodic_task.hpp"

namespace dcm::ipmi::engine {

using Steady = std::chrono::steady_clock::time_point;

std::string_view to_string(Task task) {
  switch (task) {
    case Task::kPower:
      return "power";
    case Task::kSensors:
      return "sensors";
    case Task::kSel:
      break;
  }
  return "sel";
}

namespace {

bool same_sel(const SelInfo& a, const SelInfo& b) {
  return a.entries == b.entries && a.last_add_time == b.last_add_time &&
         a.last_erase_time == b.last_erase_time;
}

bool same_config(const ServerConfig& a, const ServerConfig& b) {
  return a.bmc_host == b.bmc_host && a.bmc_port == b.bmc_port && a.redfish_url == b.redfish_url &&
         a.protocol == b.protocol && a.user == b.user && a.password == b.password &&
         a.cipher_suite == b.cipher_suite && a.privilege == b.privilege &&
         a.workaround_flags == b.workaround_flags && a.timeout == b.timeout && a.tls_verify == b.tls_verify;
}

}  // namespace

struct Scheduler::Server {
  ServerConfig config;
  std::unique_ptr<bmc::BmcClient> client;  // touched only by the job that holds `running`
  bool running = false;
  bool removed = false;
  int failures = 0;
  std::optional<TimePoint> last_attempt;
  Steady next_power{}, next_sensors{}, next_sel{};

  Steady next_due() const { return std::min({next_power, next_sensors, next_sel}); }
};

std::chrono::seconds backoff_delay(const EngineOptions& options, int failures) {
  auto delay = options.power_interval;
  for (int i = 1; i < failures && delay < options.max_backoff; ++i) {
    delay *= 2;
  }
  return std::min(delay, std::max(options.max_backoff, options.power_interval));
}

Scheduler::Scheduler(EngineOptions options, const core::sys::Clock& clock, ClientFactory factory,
                     CollectionSink& sink, core::log::Logger logger)
    : options_(options),
      clock_(clock),
      factory_(std::move(factory)),
      sink_(sink),
      logger_(std::move(logger)) {}

Scheduler::~Scheduler() {
  stop();
}

void Scheduler::set_servers(const std::vector<ServerConfig>& servers) {
  std::lock_guard lock(mutex_);
  std::map<std::string, std::shared_ptr<Server>> next;
  const auto now = clock_.monotonic();
  for (const auto& config : servers) {
    auto it = servers_.find(config.name);
    if (it != servers_.end() && same_config(it->second->config, config)) {
      it->second->config = config;  // tags and server_ip may change without a new session
      next[config.name] = it->second;
      continue;
    }
    auto server = std::make_shared<Server>();
    server->config = config;
    server->next_power = server->next_sensors = server->next_sel = now;
    next[config.name] = std::move(server);
  }
  for (auto& [name, server] : servers_) {
    if (!next.contains(name)) {
      server->removed = true;  // a job in flight finishes and is then forgotten
    }
  }
  servers_ = std::move(next);
  ++generation_;
  wake_.notify_all();
}

std::shared_ptr<Scheduler::Server> Scheduler::claim_due_locked(Steady now) {
  std::shared_ptr<Server> best;
  for (auto& [name, server] : servers_) {
    if (server->running || server->next_due() > now) {
      continue;
    }
    if (!best || server->next_due() < best->next_due()) {
      best = server;
    }
  }
  if (best) {
    best->running = true;
  }
  return best;
}

std::optional<Steady> Scheduler::next_due_locked() const {
  std::optional<Steady> next;
  for (const auto& [name, server] : servers_) {
    if (!server->running && (!next || server->next_due() < *next)) {
      next = server->next_due();
    }
  }
  return next;
}

void Scheduler::run_job(Server& server) {
  const auto& name = server.config.name;
  const auto started = clock_.monotonic();
  const auto wall = clock_.now();
  const bool power_due = started >= server.next_power || server.failures > 0;
  const bool sensors_due = started >= server.next_sensors;
  const bool sel_due = started >= server.next_sel;
  bool ok = true;
  bool reachable = true;

  auto fail = [&](Task task, bmc::BmcError::Kind kind, const std::string& reason) {
    ok = false;
    sink_.on_failure(name, task, kind, reason, clock_.now());
  };
  auto attempt = [&](Task task, const std::function<void()>& body) {
    try {
      body();
      return true;
    } catch (const bmc::BmcError& e) {
      fail(task, e.kind(), e.what());
    } catch (const std::exception& e) {
      // A bug or a library surprise must cost one server one task, never the daemon.
      fail(task, bmc::BmcError::Kind::kProtocol, std::string("unexpected error: ") + e.what());
    }
    return false;
  };

  if (!server.client) {
    reachable = attempt(Task::kPower, [&] { server.client = factory_(server.config); });
  }
  if (reachable && power_due) {
    reachable =
        attempt(Task::kPower, [&] { sink_.on_power(name, server.client->read_power(), clock_.now()); });
  }
  if (reachable && sensors_due) {
    attempt(Task::kSensors, [&] { sink_.on_sensors(name, server.client->read_sensors(), clock_.now()); });
  }
  if (reachable && sel_due) {
    attempt(Task::kSel, [&] {
      auto cursor = sink_.sel_cursor(name);
      auto info = server.client->read_sel_info();
      if (same_sel(info, cursor.info_seen)) {
        return;  // unchanged log (or still empty): nothing is transferred
      }
      auto events = server.client->read_sel(cursor);
      SelCursor next = cursor;
      next.info_seen = info;
      if (!events.empty()) {
        next.last_record_id = events.back().record_id;
        next.last_record_raw = events.back().raw;
      }
      sink_.on_sel(name, events, next);
    });
  }
  if (!reachable) {
    server.client.reset();  // a fresh session next time
  }
  const auto finished = clock_.monotonic();
  sink_.on_job_done(name, ok, finished - started, clock_.now());

  std::lock_guard lock(mutex_);
  server.last_attempt = wall;
  if (!reachable) {
    ++server.failures;
    const auto retry = finished + backoff_delay(options_, server.failures);
    server.next_power = server.next_sensors = server.next_sel = retry;
    if (server.failures == 1 || server.failures % 10 == 0) {
      logger_->info("server {}: unreachable ({} failed attempts); next try in {}s", name, server.failures,
                    std::chrono::duration_cast<std::chrono::seconds>(retry - finished).count());
    }
  } else {
    if (server.failures > 0) {
      logger_->info("server {}: reachable again after {} failed attempts", name, server.failures);
    }
    server.failures = 0;
    if (power_due) {
      server.next_power = started + options_.power_interval;
    }
    if (sensors_due) {
      server.next_sensors = started + options_.sensor_interval;
    }
    if (sel_due) {
      server.next_sel = started + options_.sel_interval;
    }
  }
  server.running = false;
  ++generation_;
  wake_.notify_all();
}

std::size_t Scheduler::run_due_now() {
  std::size_t ran = 0;
  for (;;) {
    std::shared_ptr<Server> server;
    {
      std::lock_guard lock(mutex_);
      server = claim_due_locked(clock_.monotonic());
    }
    if (!server) {
      return ran;
    }
    run_job(*server);
    ++ran;
  }
}

void Scheduler::make_all_due() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.monotonic();
  for (auto& [name, server] : servers_) {
    server->next_power = server->next_sensors = server->next_sel = now;
  }
  ++generation_;
  wake_.notify_all();
}

void Scheduler::worker_loop(std::stop_token stop) {
  core::sched::name_this_thread("bmc-worker");
  while (!stop.stop_requested()) {
    std::shared_ptr<Server> server;
    {
      std::unique_lock lock(mutex_);
      server = claim_due_locked(clock_.monotonic());
      if (!server) {
        auto next = next_due_locked();
        // The clock may be a test's: wait the distance it reports, in real time, capped so a changed
        // inventory or a stop is noticed promptly even without a notification.
        auto wait = next ? std::max(*next - clock_.monotonic(), std::chrono::steady_clock::duration::zero())
                         : std::chrono::steady_clock::duration(std::chrono::seconds(1));
        wait = std::min<std::chrono::steady_clock::duration>(wait, std::chrono::seconds(1));
        const auto seen = generation_;
        wake_.wait_for(lock, stop, wait, [this, seen] { return generation_ != seen; });
        continue;
      }
    }
    run_job(*server);
  }
}

void Scheduler::start() {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.workers); ++i) {
    workers_.emplace_back([this](std::stop_token stop) { worker_loop(stop); });
  }
}

void Scheduler::stop() {
  for (auto& worker : workers_) {
    worker.request_stop();
  }
  {
    std::lock_guard lock(mutex_);
    ++generation_;
  }
  wake_.notify_all();
  workers_.clear();  // jthread joins
}

std::vector<ServerSchedule> Scheduler::schedules() const {
  std::lock_guard lock(mutex_);
  std::vector<ServerSchedule> out;
  for (const auto& [name, server] : servers_) {
    out.push_back({name, server->failures, server->last_attempt, server->next_due()});
  }
  return out;
}

}  // namespace dcm::ipmi::engine
