// A small INI reader that keeps line numbers, so that the program which knows the schema can report
// "config.ini:12: unknown metric 'X'". It knows nothing about any schema: sections, `key=value` lines and
// bare words (the seed's metric lists are bare names, one a line).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dcm::core::config {

struct IniEntry {
  int line = 0;
  std::string key;                   // trimmed; for a bare word, the word itself
  std::optional<std::string> value;  // trimmed; absent for a bare word
};

struct IniSection {
  int line = 0;
  std::string name;
  std::vector<IniEntry> entries;
};

struct IniDocument {
  std::string file;  // as given, for error messages
  std::vector<IniSection> sections;

  const IniSection* find(std::string_view name) const;
};

// Comments start with '#' or ';' at the start of a line (after spaces) and run to its end; blank lines are
// skipped; CRLF endings are accepted. Throws ConfigError for an unterminated or empty section header, an
// entry before the first section, an empty key (`=5`), or a section that appears twice.
IniDocument parse_ini(std::string_view text, std::string file_name);

}  // namespace dcm::core::config
