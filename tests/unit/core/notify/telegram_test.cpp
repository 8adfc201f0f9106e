#include "core/notify/telegram.hpp"

#include <gtest/gtest.h>

#include "core/notify/plain_text.hpp"
#include "tests/support/fake_telegram.hpp"

namespace dcm::core::notify {
namespace {

constexpr const char* kToken = "7301234567:AAH-test-token";

TelegramOptions options(std::string base_url, std::string token, std::string chat_id) {
  TelegramOptions out;
  out.api_base_url = std::move(base_url);
  out.token = std::move(token);
  out.chat_id = std::move(chat_id);
  return out;
}

TEST(TelegramHtml, EscapesTitleAndBodyAndMarksSeverity) {
  const struct {
    Message message;
    std::string html;
  } cases[] = {
      {{"gpu-01: PSU 2 failure", "AC lost", Severity::kCritical, "server/gpu-01"},
       "🔴 <b>gpu-01: PSU 2 failure</b>\nAC lost"},
      {{"temp", "", Severity::kWarning, ""}, "🟠 <b>temp</b>"},
      {{"note", "x", Severity::kInfo, ""}, "🔵 <b>note</b>\nx"},
      {{"gpu-01 is back", "down for 5m", Severity::kResolved, ""}, "✅ <b>gpu-01 is back</b>\ndown for 5m"},
      {{"<script>alert(1)</script>", "a & b < c > d \"q\"", Severity::kCritical, ""},
       "🔴 <b>&lt;script&gt;alert(1)&lt;/script&gt;</b>\na &amp; b &lt; c &gt; d &quot;q&quot;"},
      {{"two\nlines", "body\r\nline", Severity::kInfo, ""}, "🔵 <b>two lines</b>\nbody\nline"},
      {{"bad \xFF", "", Severity::kInfo, ""}, "🔵 <b>bad \xEF\xBF\xBD</b>"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(telegram_html(c.message), c.html);
    EXPECT_EQ(test::check_telegram_html(c.html), std::nullopt) << c.html;
  }
}

TEST(TelegramHtml, CutsALongMessageToTheLimitWithAMarker) {
  for (const std::string unit : {"x", "<", "&", "🔥", "ü"}) {
    std::string body;
    for (int i = 0; i < 5000; ++i) {
      body += unit;
    }
    const auto html = telegram_html({"title", body, Severity::kWarning, ""});
    const auto visible = test::telegram_visible_text(html);
    EXPECT_LE(utf16_length(visible), kTelegramMaxChars) << unit;
    EXPECT_GE(utf16_length(visible), kTelegramMaxChars - 1) << unit << ": cut no more than needed";
    EXPECT_TRUE(visible.ends_with(kTelegramTruncationMarker)) << unit;
    EXPECT_EQ(test::check_telegram_html(html), std::nullopt) << unit;
  }
}

TEST(TelegramHtml, LeavesAMessageAtTheLimitWhole) {
  // "🔵 " (3 units) + "t" + "\n" + body: exactly 4096.
  const std::string body(kTelegramMaxChars - 5, 'y');
  const auto html = telegram_html({"t", body, Severity::kInfo, ""});
  EXPECT_EQ(utf16_length(test::telegram_visible_text(html)), kTelegramMaxChars);
  EXPECT_TRUE(html.ends_with(body));
  const auto over = telegram_html({"t", body + "y", Severity::kInfo, ""});
  EXPECT_TRUE(over.ends_with(kTelegramTruncationMarker));
}

TEST(TelegramHtml, ShortensAHugeTitle) {
  const auto html = telegram_html({std::string(10'000, 'T'), "body", Severity::kInfo, ""});
  EXPECT_LT(html.size(), 600u);
  EXPECT_NE(html.find("…</b>\nbody"), std::string::npos);
}

TEST(TelegramNotifier, SendsThroughTheBotApi) {
  test::FakeTelegram telegram(kToken);
  TelegramNotifier notifier(options(telegram.base_url() + "/", kToken, "-100200"));
  const Message message{"gpu-01 <b>down</b>", "PSU & fan", Severity::kCritical, "server/gpu-01"};
  const auto result = notifier.send(message);
  ASSERT_TRUE(result.is_ok()) << result.reason;
  const auto sent = telegram.messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].chat_id, "-100200");
  EXPECT_EQ(sent[0].parse_mode, "HTML");
  EXPECT_EQ(sent[0].text, telegram_html(message));
  EXPECT_EQ(test::telegram_visible_text(sent[0].text), "🔴 gpu-01 <b>down</b>\nPSU & fan");
}

TEST(TelegramNotifier, MapsTelegramErrorsWithItsDescription) {
  test::FakeTelegram telegram(kToken);
  TelegramNotifier notifier(options(telegram.base_url(), kToken, "1"));
  telegram.script().fail_next(429, 7);
  auto result = notifier.send({"t", "b", Severity::kInfo, ""});
  EXPECT_TRUE(result.is_retryable());
  EXPECT_EQ(result.retry_after, std::chrono::seconds(7));
  EXPECT_EQ(result.reason, "telegram: HTTP 429 (Too Many Requests: retry after 7)");

  telegram.script().fail_next(400);
  result = notifier.send({"t", "b", Severity::kInfo, ""});
  EXPECT_TRUE(result.is_permanent());
  EXPECT_EQ(result.reason, "telegram: HTTP 400 (Bad Request: chat not found)");

  TelegramNotifier wrong(options(telegram.base_url(), "1:other", "1"));
  result = wrong.send({"t", "b", Severity::kInfo, ""});
  EXPECT_TRUE(result.is_permanent());
  EXPECT_EQ(result.reason, "telegram: HTTP 401 (Unauthorized)");

  TelegramNotifier unconfigured(options(telegram.base_url(), "", "1"));
  EXPECT_TRUE(unconfigured.send({"t", "b", Severity::kInfo, ""}).is_permanent());
}

}  // namespace
}  // namespace dcm::core::notify
