// String helpers every parser here needs: trimming, splitting, strict number parsing.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <vector>

namespace dcm::core::config {

inline std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  auto begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) {
    return {};
  }
  auto end = s.find_last_not_of(kSpace);
  return s.substr(begin, end - begin + 1);
}

// Splits on '\n'; a trailing newline does not produce an empty last line. '\r' is left for trim().
std::vector<std::string_view> split_lines(std::string_view text);

// Splits on runs of spaces and tabs.
std::vector<std::string_view> split_fields(std::string_view text);

// Whole-string parses: "12abc", "", " 1" and out-of-range values give nullopt.
template <typename Int>
std::optional<Int> parse_int(std::string_view s, int base = 10) {
  Int value{};
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
  if (ec != std::errc{} || ptr != s.data() + s.size() || s.empty()) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> parse_double(std::string_view s);

}  // namespace dcm::core::config
