#include <gtest/gtest.h>

#include "tests/unit/ipmi/store/store_fixture.hpp"

namespace dcm::ipmi::store {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::make;
using testing::StoreTest;

constexpr const char* kHash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

class AuthStore : public StoreTest {
 protected:
  void SetUp() override { store_ = open_store(); }
  std::unique_ptr<SqliteStore> store_;
};

TEST(Role, RoundTripsThroughText) {
  for (Role role : {Role::kAdmin, Role::kOperator, Role::kViewer}) {
    EXPECT_EQ(parse_role(to_string(role)), role);
  }
  EXPECT_EQ(parse_role("root"), std::nullopt);
}

TEST_F(AuthStore, UsersAreUniqueCaseInsensitively) {
  EXPECT_EQ(store_->count_users(std::nullopt, true), 0u) << "first start: no admin yet";
  auto id = store_->create_user("Admin", kHash, Role::kAdmin);
  ASSERT_TRUE(id);
  EXPECT_FALSE(store_->create_user("admin", kHash, Role::kViewer));
  auto user = store_->user("ADMIN");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->id, *id);
  EXPECT_EQ(user->name, "Admin");
  EXPECT_EQ(user->password_hash, kHash);
  EXPECT_EQ(user->role, Role::kAdmin);
  EXPECT_FALSE(user->disabled);
  EXPECT_EQ(user->created, clock_.now());
  EXPECT_FALSE(user->last_login);
  EXPECT_EQ(store_->user_by_id(*id)->name, "Admin");
  EXPECT_FALSE(store_->user("nobody"));
}

TEST_F(AuthStore, UserChangesAndCounts) {
  auto admin = *store_->create_user("root", kHash, Role::kAdmin);
  auto op = *store_->create_user("ops", kHash, Role::kOperator);
  store_->create_user("view", kHash, Role::kViewer);
  EXPECT_EQ(store_->count_users(std::nullopt, true), 3u);
  EXPECT_EQ(store_->count_users(Role::kAdmin, true), 1u);

  EXPECT_TRUE(store_->set_user_role(op, Role::kAdmin));
  EXPECT_EQ(store_->count_users(Role::kAdmin, true), 2u);
  EXPECT_TRUE(store_->set_user_disabled(op, true));
  EXPECT_EQ(store_->count_users(Role::kAdmin, true), 1u) << "the disabled admin does not count";
  EXPECT_EQ(store_->count_users(Role::kAdmin, false), 2u);
  EXPECT_TRUE(store_->set_user_password(admin, "$argon2id$new"));
  EXPECT_EQ(store_->user("root")->password_hash, "$argon2id$new");
  store_->record_login(admin);
  EXPECT_EQ(store_->user("root")->last_login, clock_.now());

  EXPECT_TRUE(store_->delete_user(op));
  EXPECT_FALSE(store_->delete_user(op));
  EXPECT_FALSE(store_->set_user_role(op, Role::kViewer));
  std::vector<std::string> names;
  for (const auto& user : store_->users()) {
    names.push_back(user.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"root", "view"}));
}

TEST_F(AuthStore, SessionsExpireSlideAndEndWithTheUser) {
  auto id = *store_->create_user("alice", kHash, Role::kOperator);
  store_->create_session({"tokhash1", "csrfhash1", id, clock_.now() + hours(8), "192.0.2.7"});
  auto session = store_->find_session("tokhash1");
  ASSERT_TRUE(session);
  EXPECT_EQ(session->csrf_hash, "csrfhash1");
  EXPECT_EQ(session->user.name, "alice");
  EXPECT_EQ(session->user.role, Role::kOperator);
  EXPECT_EQ(session->client_address, "192.0.2.7");
  EXPECT_EQ(session->created, clock_.now());
  EXPECT_FALSE(store_->find_session("unknown"));

  clock_.advance(hours(7));
  store_->touch_session("tokhash1", clock_.now() + hours(8));
  clock_.advance(hours(2));
  session = store_->find_session("tokhash1");
  ASSERT_TRUE(session) << "the touch moved the expiry";
  EXPECT_EQ(session->last_seen, clock_.now() - hours(2));

  clock_.advance(seconds(10));
  store_->touch_session("tokhash1", clock_.now() + hours(8));
  EXPECT_EQ(store_->find_session("tokhash1")->last_seen, clock_.now()) << "a minute has passed: written";
  clock_.advance(seconds(10));
  store_->touch_session("tokhash1", clock_.now() + hours(8));
  EXPECT_EQ(store_->find_session("tokhash1")->last_seen, clock_.now() - seconds(10))
      << "touched 10 s ago: not written again";

  clock_.advance(hours(9));
  EXPECT_FALSE(store_->find_session("tokhash1")) << "expired";

  store_->create_session({"tokhash2", "csrf2", id, clock_.now() + hours(8), ""});
  store_->create_session({"tokhash3", "csrf3", id, clock_.now() + hours(8), ""});
  EXPECT_TRUE(store_->set_user_disabled(id, true));
  EXPECT_FALSE(store_->find_session("tokhash2"));
  EXPECT_TRUE(store_->set_user_disabled(id, false));
  EXPECT_FALSE(store_->find_session("tokhash2")) << "disabling ended the sessions";

  store_->create_session({"tokhash4", "csrf4", id, clock_.now() + hours(8), ""});
  store_->set_user_password(id, "$argon2id$changed");
  EXPECT_FALSE(store_->find_session("tokhash4")) << "a password change ends sessions";

  store_->create_session({"tokhash5", "csrf5", id, clock_.now() + hours(8), ""});
  EXPECT_TRUE(store_->delete_session("tokhash5"));
  EXPECT_FALSE(store_->delete_session("tokhash5"));
  store_->create_session({"tokhash6", "csrf6", id, clock_.now() + hours(8), ""});
  EXPECT_EQ(store_->delete_user_sessions(id), 1u);
  EXPECT_THROW(store_->create_session({"tokhash7", "csrf7", 9999, clock_.now() + hours(8), ""}),
               core::db::DatabaseError);
}

TEST_F(AuthStore, ApiTokensAreFoundByHashAndRecordUse) {
  const auto id = store_->create_api_token("apihash", "prometheus-sd", Role::kViewer, "root");
  auto tokens = store_->api_tokens();
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].name, "prometheus-sd");
  EXPECT_EQ(tokens[0].created_by, "root");
  EXPECT_FALSE(tokens[0].last_used);

  clock_.advance(minutes(5));
  auto used = store_->use_api_token("apihash");
  ASSERT_TRUE(used);
  EXPECT_EQ(used->id, id);
  EXPECT_EQ(used->role, Role::kViewer);
  EXPECT_EQ(used->last_used, clock_.now());
  EXPECT_EQ(store_->api_tokens()[0].last_used, clock_.now());
  EXPECT_FALSE(store_->use_api_token("wrong"));
  EXPECT_TRUE(store_->delete_api_token(id));
  EXPECT_FALSE(store_->use_api_token("apihash"));
}

TEST_F(AuthStore, AuditLogIsNewestFirst) {
  store_->audit({"root", "server.add", "gpu-node-01", "192.0.2.1", "protocol=ipmi"});
  clock_.advance(seconds(1));
  store_->audit({"root", "power.cycle", "gpu-node-01", "192.0.2.1", ""});
  auto log = store_->audit_log(10, 0);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].entry.action, "power.cycle");
  EXPECT_EQ(log[0].time, clock_.now());
  EXPECT_EQ(log[1].entry.detail, "protocol=ipmi");
  EXPECT_EQ(log[1].entry.client_address, "192.0.2.1");
  EXPECT_EQ(store_->audit_log(10, 1).size(), 1u);
}

}  // namespace
}  // namespace dcm::ipmi::store
