// CSV as RFC 4180 writes it and spreadsheets export it: fields separated by commas, records by CRLF or LF;
// a field in double quotes may hold commas, line breaks and doubled quotes (""). A UTF-8 byte order mark
// is skipped; blank lines are skipped. Malformed input is a ConfigError "file:line: reason" naming the
// line where the problem starts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dcm::core::config {

struct CsvRecord {
  int line = 0;                     // 1-based line where the record starts
  std::vector<std::string> fields;  // as written, quotes removed
  std::vector<int> field_lines;     // the line each field starts on (a quoted field may span lines)
};

std::vector<CsvRecord> parse_csv(std::string_view text, const std::string& file_name);

}  // namespace dcm::core::config
