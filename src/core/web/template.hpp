// Server-rendered pages: Mustache templates (kainjow mustache, Debian libkainjow-mustache-dev) fed with
// nlohmann::json. {{name}} is HTML-escaped; only {{{name}}} is not, and templates use it solely for markup
// the program itself produced. Text from BMCs, agents and users is untrusted and always goes through {{ }}.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dcm::core::web {

// &, <, >, ", ' escaped: safe in element content and in quoted attribute values.
std::string html_escape(std::string_view text);

class TemplateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws TemplateError naming the template for a syntax error (an unclosed section, for example).
std::string render(std::string_view template_text, const nlohmann::json& data,
                   std::string_view template_name);

}  // namespace dcm::core::web
