#include "core/notify/plain_text.hpp"

#include <cstdint>

namespace dcm::core::notify {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the valid UTF-8 sequence at the start of `text`, or 0 when it is not one (overlong forms,
// surrogates and code points above U+10FFFF are invalid).
std::size_t valid_sequence(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t first = byte(0);
  if (first < 0x80) {
    return 1;
  }
  struct Form {
    std::uint8_t mask, lead;
    std::size_t length;
    std::uint32_t min;
  };
  static constexpr Form kForms[] = {{0xE0, 0xC0, 2, 0x80}, {0xF0, 0xE0, 3, 0x800}, {0xF8, 0xF0, 4, 0x10000}};
  std::size_t length = 0;
  std::uint32_t min = 0;
  std::uint32_t code = 0;
  for (const auto& form : kForms) {
    if ((first & form.mask) == form.lead) {
      length = form.length;
      min = form.min;
      code = first & static_cast<std::uint8_t>(~form.mask);
      break;
    }
  }
  if (length == 0) {
    return 0;
  }
  if (text.size() < length) {
    return 0;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) {
      return 0;
    }
    code = (code << 6) | (byte(i) & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  return length;
}

}  // namespace

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const std::size_t length = valid_sequence(text);
    if (length == 0) {
      out += kReplacement;
      text.remove_prefix(1);
      continue;
    }
    const char c = text[0];
    if (length == 1 && c == '\r') {
      out += '\n';
      text.remove_prefix(text.size() > 1 && text[1] == '\n' ? 2 : 1);
      continue;
    }
    if (length == 1 && ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7F)) {
      out += ' ';
    } else {
      out.append(text.substr(0, length));
    }
    text.remove_prefix(length);
  }
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) != 0x80) {
      units += (byte & 0xF8) == 0xF0 ? 2 : 1;  // a 4-byte sequence is a surrogate pair in UTF-16
    }
  }
  return units;
}

std::string_view truncate_utf16(std::string_view text, std::size_t max_units) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) {
      continue;
    }
    const std::size_t add = (byte & 0xF8) == 0xF0 ? 2 : 1;
    if (units + add > max_units) {
      return text.substr(0, i);
    }
    units += add;
  }
  return text;
}

}  // namespace dcm::core::notify
