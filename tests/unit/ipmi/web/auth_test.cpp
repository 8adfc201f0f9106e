// Sessions, CSRF and API tokens against a real SqliteStore file, with a FakeClock for expiry.
#include "ipmi/web/auth.hpp"

#include <gtest/gtest.h>

#include "core/secrets/secret_key.hpp"
#include "ipmi/store/sqlite_store.hpp"
#include "tests/support/paths.hpp"

namespace dcm::ipmi::web {
namespace {

using std::chrono::hours;

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::StoreOptions options;
    options.path = dir_ / "ipmi-monitor.db";
    store_ = store::SqliteStore::open(options, clock_);
    auth_.emplace(*store_, hasher_, clock_);
    user_id_ = *store_->create_user("alice", "$argon2id$v=19$m=8,t=1,p=1$x$y", store::Role::kOperator);
  }

  core::http::Request with_cookie(const std::string& token) {
    core::http::Request request;
    request.headers.emplace("Cookie", "theme=dark; " + std::string(kSessionCookie) + "=" + token + "; x=1");
    return request;
  }

  test::TempDir dir_;
  core::sys::FakeClock clock_{std::chrono::system_clock::now()};
  std::unique_ptr<store::SqliteStore> store_;
  core::secrets::TokenHasher hasher_{core::secrets::SecretKey::generate()};
  std::optional<Authenticator> auth_;
  std::int64_t user_id_ = 0;
};

TEST_F(AuthenticatorTest, SessionCookieIdentifiesTheUserAndOnlyItsHashIsStored) {
  const auto tokens = auth_->start_session(user_id_, "127.0.0.1");
  EXPECT_FALSE(store_->find_session(tokens.session_token)) << "the plain token is no key in the store";
  auto principal = auth_->identify(with_cookie(tokens.session_token));
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->name, "alice");
  EXPECT_EQ(principal->role, store::Role::kOperator);
  EXPECT_EQ(principal->csrf_token, tokens.csrf_token);
  EXPECT_FALSE(principal->via_api_token);
  EXPECT_FALSE(auth_->identify(with_cookie(tokens.session_token + "x")));
  EXPECT_FALSE(auth_->identify(core::http::Request{}));
}

TEST_F(AuthenticatorTest, SessionsSlideAndExpire) {
  const auto tokens = auth_->start_session(user_id_, "127.0.0.1");
  clock_.advance(hours(11));
  EXPECT_TRUE(auth_->identify(with_cookie(tokens.session_token))) << "used: expiry moves 12 h ahead";
  clock_.advance(hours(11));
  EXPECT_TRUE(auth_->identify(with_cookie(tokens.session_token)));
  clock_.advance(hours(13));
  EXPECT_FALSE(auth_->identify(with_cookie(tokens.session_token))) << "idle past the lifetime";
}

TEST_F(AuthenticatorTest, LogoutEndsTheSession) {
  const auto tokens = auth_->start_session(user_id_, "127.0.0.1");
  auto principal = auth_->identify(with_cookie(tokens.session_token));
  ASSERT_TRUE(principal);
  auth_->end_session(*principal);
  EXPECT_FALSE(auth_->identify(with_cookie(tokens.session_token)));
}

TEST_F(AuthenticatorTest, CsrfTokenRequiredFromHeaderOrFormField) {
  const auto tokens = auth_->start_session(user_id_, "127.0.0.1");
  auto request = with_cookie(tokens.session_token);
  auto principal = auth_->identify(request);
  ASSERT_TRUE(principal);
  EXPECT_FALSE(auth_->csrf_ok(*principal, request)) << "no token";

  auto wrong = request;
  wrong.headers.emplace("X-CSRF-Token", auth_->csrf_for("another session"));
  EXPECT_FALSE(auth_->csrf_ok(*principal, wrong)) << "another session's token";

  auto header = request;
  header.headers.emplace("X-CSRF-Token", tokens.csrf_token);
  EXPECT_TRUE(auth_->csrf_ok(*principal, header));

  auto form = request;
  form.params.emplace("csrf", tokens.csrf_token);
  EXPECT_TRUE(auth_->csrf_ok(*principal, form));
}

TEST_F(AuthenticatorTest, BearerTokenIdentifiesWithItsRoleAndNeedsNoCsrf) {
  const auto token = core::secrets::random_token();
  store_->create_api_token(hasher_.hash(token), "ci", store::Role::kViewer, "alice");
  core::http::Request request;
  request.headers.emplace("Authorization", "Bearer " + token);
  auto principal = auth_->identify(request);
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->name, "token:ci");
  EXPECT_EQ(principal->role, store::Role::kViewer);
  EXPECT_FALSE(principal->may(store::Role::kOperator));
  EXPECT_TRUE(auth_->csrf_ok(*principal, request));

  core::http::Request wrong;
  wrong.headers.emplace("Authorization", "Bearer " + token + "x");
  EXPECT_FALSE(auth_->identify(wrong));
}

TEST(SessionCookie, IsHttpOnlyStrictAndSecureOnlyOverTls) {
  EXPECT_EQ(session_cookie("abc", false), "ipmi_session=abc; Path=/; HttpOnly; SameSite=Strict");
  EXPECT_EQ(session_cookie("abc", true), "ipmi_session=abc; Path=/; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(session_cookie("", false), "ipmi_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

TEST(CookieValue, FindsTheNamedCookie) {
  EXPECT_EQ(cookie_value("a=1; ipmi_session=tok; b=2", "ipmi_session"), "tok");
  EXPECT_EQ(cookie_value("xipmi_session=tok", "ipmi_session"), "");
  EXPECT_EQ(cookie_value("", "ipmi_session"), "");
}

}  // namespace
}  // namespace dcm::ipmi::web
