#include "core/config/csv_reader.hpp"

#include "core/config/config_error.hpp"

namespace dcm::core::config {

std::vector<CsvRecord> parse_csv(std::string_view text, const std::string& file_name) {
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  }
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  int line = 1;
  bool at_field_start = true;  // nothing of the current field read yet
  bool quoted = false;         // the current field began with a quote

  auto start_field = [&] {
    if (record.fields.empty() && record.field_lines.empty()) {
      record.line = line;
    }
    record.field_lines.push_back(line);
  };
  auto end_field = [&] {
    if (at_field_start) {
      start_field();
    }
    record.fields.push_back(std::move(field));
    field.clear();
    at_field_start = true;
    quoted = false;
  };
  auto end_record = [&] {
    const bool blank = record.fields.empty() && at_field_start;
    if (!blank) {
      end_field();
      records.push_back(std::move(record));
    }
    record = CsvRecord{};
  };

  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (at_field_start && c == '"') {
      start_field();
      at_field_start = false;
      quoted = true;
      const int opened = line;
      ++i;
      // Inside quotes: everything up to the closing quote, with "" for a quote.
      while (true) {
        if (i >= text.size()) {
          throw ConfigError(file_name, opened,
                            "unterminated quoted field (a \" opened here is never closed)");
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') {
          ++line;
        }
        field += text[i++];
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && !(text[i] == '\r')) {
        throw ConfigError(file_name, line,
                          "unexpected character after a closing quote (a quote inside a quoted field is "
                          "written \"\")");
      }
      continue;
    }
    if (c == ',') {
      end_field();
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] != '\n') {
        throw ConfigError(file_name, line, "carriage return inside a field (quote the field)");
      }
      end_record();
      i += c == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    if (c == '"' && !quoted) {
      throw ConfigError(
          file_name, line,
          "quote inside an unquoted field (quote the whole field and double the quote: \"a\"\"b\")");
    }
    if (at_field_start) {
      start_field();
      at_field_start = false;
    }
    field += c;
    ++i;
  }
  end_record();
  return records;
}

}  // namespace dcm::core::config
