#include "core/config/ini_reader.hpp"

#include <gtest/gtest.h>

#include "core/config/config_error.hpp"

namespace dcm::core::config {
namespace {

TEST(IniReader, ReadsSectionsKeysAndBareWordsWithLineNumbers) {
  auto doc = parse_ini(
      "# top comment\n[agent]\ninterval = 5\r\n\n[gpu]\nenabled=1\n  DCGM_FI_DEV_VRAM_TEMP  \n; c\n",
      "config.ini");
  ASSERT_EQ(doc.sections.size(), 2u);
  EXPECT_EQ(doc.sections[0].name, "agent");
  EXPECT_EQ(doc.sections[0].line, 2);
  ASSERT_EQ(doc.sections[0].entries.size(), 1u);
  EXPECT_EQ(doc.sections[0].entries[0].key, "interval");
  EXPECT_EQ(doc.sections[0].entries[0].value, "5");
  EXPECT_EQ(doc.sections[0].entries[0].line, 3);
  const auto* gpu = doc.find("gpu");
  ASSERT_NE(gpu, nullptr);
  ASSERT_EQ(gpu->entries.size(), 2u);
  EXPECT_EQ(gpu->entries[1].key, "DCGM_FI_DEV_VRAM_TEMP");
  EXPECT_FALSE(gpu->entries[1].value.has_value());
  EXPECT_EQ(gpu->entries[1].line, 7);
}

TEST(IniReader, RejectsEntryOutsideSectionNamingTheLine) {
  try {
    parse_ini("\nenabled=1\n", "x.ini");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_STREQ(e.what(), "x.ini:2: 'enabled=1' is outside any section (expected a [section] header first)");
  }
}

TEST(IniReader, RejectsBrokenHeadersEmptyKeysAndRepeatedSections) {
  EXPECT_THROW(parse_ini("[gpu\n", "x.ini"), ConfigError);
  EXPECT_THROW(parse_ini("[ ]\n", "x.ini"), ConfigError);
  EXPECT_THROW(parse_ini("[a]\n=1\n", "x.ini"), ConfigError);
  EXPECT_THROW(parse_ini("[a]\n[a]\n", "x.ini"), ConfigError);
}

TEST(ConfigError, FormatsFileLineAndReason) {
  EXPECT_STREQ(ConfigError("a.ini", 3, "bad").what(), "a.ini:3: bad");
  EXPECT_STREQ(ConfigError("a.ini", 0, "unreadable").what(), "a.ini: unreadable");
}

}  // namespace
}  // namespace dcm::core::config
