#include "core/notify/plain_text.hpp"

#include <gtest/gtest.h>

namespace dcm::core::notify {
namespace {

TEST(SanitizeUtf8, RepairsInvalidSequencesAndControlCharacters) {
  const struct {
    std::string input, expected;
  } cases[] = {
      {"plain ascii", "plain ascii"},
      {"ünïcödé ✓ 🔥", "ünïcödé ✓ 🔥"},
      {"bad \xFF byte", "bad \xEF\xBF\xBD byte"},
      {"cut \xE2\x9C", "cut \xEF\xBF\xBD\xEF\xBF\xBD"},
      {"overlong \xC0\xAF", "overlong \xEF\xBF\xBD\xEF\xBF\xBD"},
      {"surrogate \xED\xA0\x80", "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"beyond \xF4\x90\x80\x80", "beyond \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"a\r\nb\rc\nd\te", "a\nb\nc\nd\te"},
      {std::string("nul\0bell\a del\x7F", 14), "nul bell  del "},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(sanitize_utf8(c.input), c.expected) << c.input;
  }
}

TEST(HtmlEscape, EscapesTheFourSpecialCharacters) {
  EXPECT_EQ(html_escape("<script>alert(\"x&y\")</script>'"),
            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;'");
  EXPECT_EQ(html_escape("&amp;"), "&amp;amp;");
  EXPECT_EQ(html_escape(""), "");
}

TEST(Utf16, CountsAndCutsBetweenCharacters) {
  EXPECT_EQ(utf16_length(""), 0u);
  EXPECT_EQ(utf16_length("abc"), 3u);
  EXPECT_EQ(utf16_length("ü✓"), 2u);
  EXPECT_EQ(utf16_length("🔥"), 2u) << "outside the BMP: a surrogate pair";
  EXPECT_EQ(truncate_utf16("abcdef", 3), "abc");
  EXPECT_EQ(truncate_utf16("abc", 10), "abc");
  EXPECT_EQ(truncate_utf16("aü✓", 2), "aü");
  EXPECT_EQ(truncate_utf16("a🔥b", 2), "a") << "never half a surrogate pair";
  EXPECT_EQ(truncate_utf16("a🔥b", 3), "a🔥");
}

}  // namespace
}  // namespace dcm::core::notify
