#include "core/notify/webhook.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/fake_webhook.hpp"

namespace dcm::core::notify {
namespace {

WebhookOptions options(std::string url, std::string bearer_token = "", std::string sender = "") {
  WebhookOptions out;
  out.url = std::move(url);
  out.bearer_token = std::move(bearer_token);
  out.sender = std::move(sender);
  return out;
}

TEST(WebhookJson, CarriesEveryFieldAndSurvivesInvalidUtf8) {
  const auto json = nlohmann::json::parse(
      webhook_json({"gpu-01 <down>", "PSU \xFF failed\n\"quoted\"", Severity::kCritical, "server/gpu-01"},
                   "ipmi-monitor"));
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["title"], "gpu-01 <down>");
  EXPECT_EQ(json["body"], "PSU \xEF\xBF\xBD failed\n\"quoted\"");
  EXPECT_EQ(json["severity"], "critical");
  EXPECT_EQ(json["group_key"], "server/gpu-01");
  EXPECT_EQ(json["sender"], "ipmi-monitor");
}

TEST(WebhookNotifier, PostsJsonWithTheBearerToken) {
  test::FakeWebhook hook;
  WebhookNotifier notifier(options(hook.url(), "tok-1", "dc-watchdog"));
  const Message message{"site jhb1 down", "3 agents silent", Severity::kCritical, "site/jhb1"};
  ASSERT_TRUE(notifier.send(message).is_ok());
  const auto got = hook.deliveries();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].authorization, "Bearer tok-1");
  EXPECT_EQ(got[0].content_type, "application/json");
  EXPECT_EQ(got[0].body, webhook_json(message, "dc-watchdog"));
}

TEST(WebhookNotifier, SendsNoAuthorizationWithoutAToken) {
  test::FakeWebhook hook;
  WebhookNotifier notifier(options(hook.url()));
  ASSERT_TRUE(notifier.send({"t", "b", Severity::kInfo, ""}).is_ok());
  EXPECT_EQ(hook.deliveries().at(0).authorization, "");
}

TEST(WebhookNotifier, NamesThePeerByOriginAndQuotesItsAnswer) {
  test::FakeWebhook hook("/hooks/abc");
  WebhookNotifier notifier(options(hook.url()));
  hook.script().fail_next(503, 12);
  auto result = notifier.send({"t", "b", Severity::kInfo, ""});
  EXPECT_TRUE(result.is_retryable());
  EXPECT_EQ(result.retry_after, std::chrono::seconds(12)) << "a 503 may carry Retry-After too";
  const auto origin = http::url_origin(hook.url());
  EXPECT_EQ(result.reason, "webhook " + origin + ": HTTP 503 (scripted failure 503)");
  hook.script().fail_next(500);
  result = notifier.send({"t", "b", Severity::kInfo, ""});
  EXPECT_EQ(result.retry_after, std::nullopt);
  EXPECT_TRUE(
      WebhookNotifier(options(origin + "/other")).send({"t", "b", Severity::kInfo, ""}).is_permanent());
  EXPECT_TRUE(WebhookNotifier(options("gopher://x/")).send({"t", "b", Severity::kInfo, ""}).is_permanent());
  EXPECT_TRUE(WebhookNotifier(options("")).send({"t", "b", Severity::kInfo, ""}).is_permanent());
}

}  // namespace
}  // namespace dcm::core::notify
