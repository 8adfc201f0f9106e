#include "core/notify/redactor.hpp"

#include <gtest/gtest.h>

namespace dcm::core::notify {
namespace {

TEST(Redactor, HidesABotTokenAndItsSecretPart) {
  Redactor redactor;
  redactor.add_bot_token("123456:AAH-secret-part");
  EXPECT_EQ(redactor.apply("bad token 123456:AAH-secret-part here"), "bad token <redacted> here");
  EXPECT_EQ(redactor.apply("echo AAH-secret-part"), "echo <redacted>");
  EXPECT_EQ(redactor.apply("chat 123456 not found"), "chat 123456 not found") << "the bot id is public";
}

TEST(Redactor, HidesTheSecretPartsOfAUrl) {
  Redactor redactor;
  redactor.add_url(
      "https://user:pa55word@hooks.example.org:8443/api/webhooks/987654/Tok3nTok3n?key=abcdef123&x=1");
  const struct {
    std::string text, expected;
  } cases[] = {
      {"POST https://user:pa55word@hooks.example.org:8443/api/webhooks/987654/Tok3nTok3n?key=abcdef123&x=1 "
       "failed",
       "POST <redacted> failed"},
      {"no route /api/webhooks/987654/Tok3nTok3n?key=abcdef123&x=1", "no route <redacted>"},
      {"unknown hook Tok3nTok3n", "unknown hook <redacted>"},
      {"bad key abcdef123", "bad key <redacted>"},
      {"login pa55word rejected", "login <redacted> rejected"},
      {"hooks.example.org:8443 said 503", "hooks.example.org:8443 said 503"},
      {"api webhooks x 1", "api <redacted> x 1"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(redactor.apply(c.text), c.expected) << c.text;
  }
}

TEST(Redactor, IgnoresTinySecretsAndRepeats) {
  Redactor redactor;
  redactor.add("");
  redactor.add("x");
  redactor.add("secret");
  redactor.add("secret");
  EXPECT_EQ(redactor.apply("x secret secret"), "x <redacted> <redacted>");
}

}  // namespace
}  // namespace dcm::core::notify
