#include "core/config/ini_reader.hpp"

#include "core/config/config_error.hpp"
#include "core/config/text.hpp"

namespace dcm::core::config {

const IniSection* IniDocument::find(std::string_view name) const {
  for (const auto& section : sections) {
    if (section.name == name) {
      return &section;
    }
  }
  return nullptr;
}

IniDocument parse_ini(std::string_view text, std::string file_name) {
  IniDocument document{std::move(file_name), {}};
  int line_number = 0;
  for (std::string_view raw : split_lines(text)) {
    ++line_number;
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') {
      continue;
    }
    if (line.front() == '[') {
      if (line.back() != ']') {
        throw ConfigError(document.file, line_number,
                          "unterminated section header '" + std::string(line) + "'");
      }
      std::string name(trim(line.substr(1, line.size() - 2)));
      if (name.empty()) {
        throw ConfigError(document.file, line_number, "empty section name");
      }
      if (const auto* previous = document.find(name)) {
        throw ConfigError(
            document.file, line_number,
            "section [" + name + "] appears twice (first at line " + std::to_string(previous->line) + ")");
      }
      document.sections.push_back(IniSection{line_number, std::move(name), {}});
      continue;
    }
    if (document.sections.empty()) {
      throw ConfigError(
          document.file, line_number,
          "'" + std::string(line) + "' is outside any section (expected a [section] header first)");
    }
    IniEntry entry;
    entry.line = line_number;
    if (auto equals = line.find('='); equals != std::string_view::npos) {
      entry.key = std::string(trim(line.substr(0, equals)));
      entry.value = std::string(trim(line.substr(equals + 1)));
      if (entry.key.empty()) {
        throw ConfigError(document.file, line_number, "missing key before '='");
      }
    } else {
      entry.key = std::string(line);
    }
    document.sections.back().entries.push_back(std::move(entry));
  }
  return document;
}

}  // namespace dcm::core::config
