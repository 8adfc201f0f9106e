#include <gtest/gtest.h>

#include "tests/support/paths.hpp"
#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::store {
namespace {

using std::chrono::seconds;
using testing::make;
using testing::make_server;
using testing::StoreTest;

class ServerStore : public StoreTest {};

TEST_F(ServerStore, AddedServerComesBackWithEveryFieldButThePlainPassword) {
  auto store = open_store();
  ServerRecord record = make_server("gpu-node-01");
  auto& c = record.config;
  c.bmc_port = 6230;
  c.redfish_url = "https://10.0.0.11:8443";
  c.server_ip = "10.0.1.11";
  c.protocol = Protocol::kRedfish;
  c.password = "plain-secret-never-stored";
  c.cipher_suite = 17;
  c.privilege = Privilege::kOperator;
  c.workaround_flags = {"opensesspriv", "authcap"};
  c.timeout = std::chrono::milliseconds(2500);
  c.tls_verify = false;
  c.tags = {{"site", "jhb1"}, {"rack", "r12"}, {"vendor", "supermicro"}};
  record.password_encrypted = "sb1:nonce:ciphertext";
  record.origin = ServerOrigin::kUi;
  ASSERT_TRUE(store->add_server(record));

  auto back = store->server("gpu-node-01");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->config.bmc_host, "10.0.0.11");
  EXPECT_EQ(back->config.bmc_port, 6230);
  EXPECT_EQ(back->config.redfish_url, "https://10.0.0.11:8443");
  EXPECT_EQ(back->config.server_ip, "10.0.1.11");
  EXPECT_EQ(back->config.protocol, Protocol::kRedfish);
  EXPECT_EQ(back->config.user, "admin");
  EXPECT_EQ(back->config.password, "");
  EXPECT_EQ(back->config.cipher_suite, 17);
  EXPECT_EQ(back->config.privilege, Privilege::kOperator);
  EXPECT_EQ(back->config.workaround_flags, (std::vector<std::string>{"opensesspriv", "authcap"}));
  EXPECT_EQ(back->config.timeout, std::chrono::milliseconds(2500));
  EXPECT_FALSE(back->config.tls_verify);
  EXPECT_EQ(back->config.tags, c.tags);
  EXPECT_EQ(back->password_encrypted, "sb1:nonce:ciphertext");
  EXPECT_EQ(back->origin, ServerOrigin::kUi);

  store.reset();
  for (const char* file : {"ipmi-monitor.db", "ipmi-monitor.db-wal"}) {
    const auto path = dir_ / "data" / file;
    if (std::filesystem::exists(path)) {
      EXPECT_EQ(test::read_file(path).find("plain-secret-never-stored"), std::string::npos) << file;
    }
  }
}

TEST_F(ServerStore, NamesAreUnique) {
  auto store = open_store();
  EXPECT_TRUE(store->add_server(make_server("a")));
  EXPECT_FALSE(store->add_server(make_server("a", "10.9.9.9")));
  EXPECT_EQ(store->server("a")->config.bmc_host, "10.0.0.11");
}

TEST_F(ServerStore, UpdateKeepsThePasswordUnlessGivenAndCanRename) {
  auto store = open_store();
  store->add_server(make_server("a"));
  store->add_server(make_server("b"));
  store->record_status("a", StatusUpdate{true, true, std::nullopt, "", seconds(1)});

  auto changed = make_server("a2", "10.0.0.99");
  changed.password_encrypted.reset();
  changed.config.tags = {{"site", "cpt1"}};
  EXPECT_TRUE(store->update_server("a", changed));
  EXPECT_FALSE(store->server("a"));
  auto back = store->server("a2");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->config.bmc_host, "10.0.0.99");
  EXPECT_EQ(back->password_encrypted, "enc:a");
  EXPECT_EQ(back->config.tags.at("site"), "cpt1");
  EXPECT_TRUE(store->status("a2")) << "a rename keeps what is stored about the server";

  changed.password_encrypted = "enc:new";
  EXPECT_TRUE(store->update_server("a2", changed));
  EXPECT_EQ(store->server("a2")->password_encrypted, "enc:new");

  EXPECT_FALSE(store->update_server("a2", make_server("b"))) << "b is taken";
  EXPECT_FALSE(store->update_server("nope", make_server("c")));
}

TEST_F(ServerStore, PutServerInsertsOrReplaces) {
  auto store = open_store();
  store->put_server(make_server("x", "10.0.0.1"));
  auto again = make_server("x", "10.0.0.2");
  again.password_encrypted.reset();
  store->put_server(again);
  ASSERT_EQ(store->servers().size(), 1u);
  EXPECT_EQ(store->server("x")->config.bmc_host, "10.0.0.2");
  EXPECT_EQ(store->server("x")->password_encrypted, "enc:x");
}

TEST_F(ServerStore, ListIsSortedByName) {
  auto store = open_store();
  for (const char* name : {"c", "a", "b"}) {
    store->add_server(make_server(name));
  }
  std::vector<std::string> names;
  for (const auto& s : store->servers()) {
    names.push_back(s.config.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(ServerStore, RemovingAServerRemovesEverythingAboutIt) {
  auto store = open_store();
  store->add_server(make_server("a"));
  store->add_server(make_server("b"));
  for (const char* name : {"a", "b"}) {
    store->record_status(name, StatusUpdate{true, true, 250.0, "", seconds(1)});
    store->record_sensors(name, clock_.now(), {testing::reading("CPU Temp", 40)});
    store->store_sel(name, {testing::sel_event(1, 100, Severity::kCritical)}, SelCursor{});
  }
  store->fire_alert(AlertFiring{"unreachable", "a", "unreachable/a", Severity::kCritical, "down"});
  EXPECT_TRUE(store->remove_server("a"));
  EXPECT_FALSE(store->remove_server("a"));
  EXPECT_FALSE(store->status("a"));
  EXPECT_TRUE(store->latest_sensors("a").empty());
  EXPECT_EQ(store->count_events(EventFilter{}), 1u);
  EXPECT_TRUE(store->alerts(AlertFilter{}).empty());
  EXPECT_EQ(store->all_events_totals(), (std::map<std::string, std::uint64_t>{{"b", 1}}));
  EXPECT_EQ(store->integrity_check(), "ok");
}

TEST_F(ServerStore, StatusKeepsLastSuccessLastErrorAndUnreachableSince) {
  auto store = open_store();
  store->add_server(make_server("a"));
  const auto t0 = clock_.now();
  store->record_status("a", StatusUpdate{true, true, 310.5, "", std::chrono::milliseconds(120)});
  auto status = store->status("a");
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->reachable);
  EXPECT_EQ(status->power_on, true);
  EXPECT_EQ(status->power_watts, 310.5);
  EXPECT_EQ(status->last_success, t0);
  EXPECT_EQ(status->last_error, "");
  EXPECT_FALSE(status->unreachable_since);
  EXPECT_DOUBLE_EQ(status->duration.count(), 0.12);

  clock_.advance(seconds(30));
  const auto t1 = clock_.now();
  store->record_status("a", StatusUpdate{false, std::nullopt, std::nullopt, "timeout after 5 s", seconds(5)});
  clock_.advance(seconds(30));
  store->record_status("a", StatusUpdate{false, std::nullopt, std::nullopt, "timeout after 5 s", seconds(5)});
  status = store->status("a");
  EXPECT_FALSE(status->reachable);
  EXPECT_EQ(status->power_on, std::nullopt);
  EXPECT_EQ(status->last_success, t0);
  EXPECT_EQ(status->last_error, "timeout after 5 s");
  EXPECT_EQ(status->last_error_time, clock_.now());
  EXPECT_EQ(status->unreachable_since, t1) << "the first failed attempt, not the latest";

  clock_.advance(seconds(30));
  store->record_status("a", StatusUpdate{true, false, std::nullopt, "", seconds(1)});
  status = store->status("a");
  EXPECT_TRUE(status->reachable);
  EXPECT_EQ(status->power_on, false);
  EXPECT_EQ(status->last_success, clock_.now());
  EXPECT_EQ(status->last_error, "timeout after 5 s") << "the last error stays visible";
  EXPECT_FALSE(status->unreachable_since);
  EXPECT_EQ(store->statuses().size(), 1u);
}

TEST_F(ServerStore, WritesForAnUnknownServerSayWhichServer) {
  auto store = open_store();
  try {
    store->record_status("ghost", StatusUpdate{});
    FAIL();
  } catch (const UnknownServerError& e) {
    EXPECT_NE(std::string(e.what()).find("record_status: unknown server 'ghost'"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(store->store_sel("ghost", {}, SelCursor{}), UnknownServerError);
  EXPECT_THROW(store->record_sensors("ghost", clock_.now(), {}), UnknownServerError);
  EXPECT_FALSE(store->status("ghost"));
}

}  // namespace
}  // namespace dcm::ipmi::store
