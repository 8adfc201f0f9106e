#include "core/config/csv_reader.hpp"

#include <gtest/gtest.h>

#include "core/config/config_error.hpp"

namespace dcm::core::config {
namespace {

using Fields = std::vector<std::string>;

std::string error_of(std::string_view text) {
  try {
    parse_csv(text, "servers.csv");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ParseCsv, ReadsRfc4180Records) {
  const struct {
    std::string text;
    std::vector<Fields> records;
  } cases[] = {
      {"a,b,c\n1,2,3\n", {{"a", "b", "c"}, {"1", "2", "3"}}},
      {"a,b\r\n1,2\r\n", {{"a", "b"}, {"1", "2"}}},
      {"a,b\n1,2", {{"a", "b"}, {"1", "2"}}},
      {"a,,c\n,,\n", {{"a", "", "c"}, {"", "", ""}}},
      {"\"quoted, with comma\",\"say \"\"hi\"\"\"\n", {{"quoted, with comma", "say \"hi\""}}},
      {"\"two\nlines\",x\r\n", {{"two\nlines", "x"}}},
      {"\"crlf\r\ninside\",x\n", {{"crlf\r\ninside", "x"}}},
      {"\"\",x\n", {{"", "x"}}},
      {"\xEF\xBB\xBFname,bmc\n", {{"name", "bmc"}}},
      {"a\n\n\r\nb\n", {{"a"}, {"b"}}},
      {" spaced , kept \n", {{" spaced ", " kept "}}},
      {"ünïcode,✓\n", {{"ünïcode", "✓"}}},
      {"", {}},
  };
  for (const auto& c : cases) {
    const auto records = parse_csv(c.text, "t.csv");
    ASSERT_EQ(records.size(), c.records.size()) << c.text;
    for (std::size_t i = 0; i < records.size(); ++i) {
      EXPECT_EQ(records[i].fields, c.records[i]) << c.text;
    }
  }
}

TEST(ParseCsv, RemembersWhereRecordsAndFieldsStart) {
  const auto records = parse_csv("h1,h2\n\n\"multi\nline\",after\nlast,x\n", "t.csv");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].line, 3);
  EXPECT_EQ(records[1].field_lines, (std::vector<int>{3, 4}));
  EXPECT_EQ(records[2].line, 5);
}

TEST(ParseCsv, MalformedInputNamesTheLine) {
  EXPECT_EQ(error_of("a,b\n1,\"open\n2,3\n"),
            "servers.csv:2: unterminated quoted field (a \" opened here is never closed)");
  EXPECT_EQ(error_of("a,b\n\"x\"y,2\n"),
            "servers.csv:2: unexpected character after a closing quote (a quote inside a quoted field is "
            "written \"\")");
  EXPECT_EQ(error_of("a,b\nx\"y,2\n"),
            "servers.csv:2: quote inside an unquoted field (quote the whole field and double the quote: "
            "\"a\"\"b\")");
  EXPECT_EQ(error_of("a,b\n1\r2,3\n"), "servers.csv:2: carriage return inside a field (quote the field)");
}

}  // namespace
}  // namespace dcm::core::config
