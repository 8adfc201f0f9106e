#include "overview/check/exposition_check.hpp"

#include <cctype>

#include "core/config/text.hpp"

namespace dcm::overview {
namespace {

bool name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}

bool valid_value(std::string_view text) {
  if (text == "NaN" || text == "+Inf" || text == "-Inf" || text == "Inf") {
    return true;
  }
  return core::config::parse_double(text).has_value();
}

// name{label="value",...} value [timestamp]
bool valid_sample(std::string_view line) {
  std::size_t i = 0;
  if (i >= line.size() || !name_start(line[i])) {
    return false;
  }
  while (i < line.size() && name_char(line[i])) {
    ++i;
  }
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (true) {
      while (i < line.size() && (line[i] == ' ' || line[i] == ',')) {
        ++i;
      }
      if (i < line.size() && line[i] == '}') {
        ++i;
        break;
      }
      if (i >= line.size() || !name_start(line[i])) {
        return false;
      }
      while (i < line.size() && name_char(line[i])) {
        ++i;
      }
      if (i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"') {
        return false;
      }
      i += 2;
      while (i < line.size() && line[i] != '"') {
        i += line[i] == '\\' ? 2 : 1;
      }
      if (i >= line.size()) {
        return false;
      }
      ++i;
    }
  }
  auto fields = core::config::split_fields(line.substr(i));
  if (fields.empty() || fields.size() > 2 || !valid_value(fields[0])) {
    return false;
  }
  return fields.size() == 1 || core::config::parse_double(fields[1]).has_value();
}

std::string excerpt(std::string_view line) {
  constexpr std::size_t kMax = 40;
  std::string out;
  for (char c : line.substr(0, kMax)) {
    out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  }
  return out + (line.size() > kMax ? "..." : "");
}

}  // namespace

ExpositionCheck check_exposition(std::string_view body) {
  ExpositionCheck result;
  std::size_t number = 0;
  for (auto raw : core::config::split_lines(body)) {
    ++number;
    auto line = core::config::trim(raw);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    if (!valid_sample(line)) {
      result.problem = "line " + std::to_string(number) + ": '" + excerpt(line) + "' is not a sample";
      return result;
    }
    ++result.samples;
  }
  // An exporter with nothing to report yet answers with comments only, or nothing: Prometheus takes that.
  result.ok = true;
  return result;
}

}  // namespace dcm::overview
