// Text hygiene for notifications: messages carry text from BMCs and agents (sensor names, SEL messages,
// host names) that may be invalid UTF-8 or hold markup. Channels reject invalid UTF-8 (Telegram answers
// 400), so text is made valid before it is escaped and measured.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dcm::core::notify {

// Valid UTF-8: each invalid byte sequence becomes U+FFFD, "\r\n" and lone "\r" become "\n", other control
// characters except "\n" and "\t" become a space.
std::string sanitize_utf8(std::string_view text);

// &, <, > and " as HTML entities (the four Telegram's HTML mode knows).
std::string html_escape(std::string_view text);

// Length in UTF-16 code units, the unit Telegram's limits count in (an emoji counts 2). `text` is valid
// UTF-8 (sanitize_utf8 first).
std::size_t utf16_length(std::string_view text);

// The longest prefix of valid UTF-8 `text` that is at most `max_units` UTF-16 code units, cut between
// characters.
std::string_view truncate_utf16(std::string_view text, std::size_t max_units);

}  // namespace dcm::core::notify
