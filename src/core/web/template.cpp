#include "core/web/template.hpp"

#include <kainjow/mustache.hpp>

namespace dcm::core::web {
namespace {

namespace mustache = kainjow::mustache;

mustache::data to_mustache(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data object{mustache::data::type::object};
      for (const auto& [key, item] : value.items()) {
        object.set(key, to_mustache(item));
      }
      return object;
    }
    case nlohmann::json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& item : value) {
        list.push_back(to_mustache(item));
      }
      return list;
    }
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? mustache::data{mustache::data::type::bool_true}
                               : mustache::data{mustache::data::type::bool_false};
    case nlohmann::json::value_t::string:
      return mustache::data{value.get<std::string>()};
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return mustache::data{mustache::data::type::bool_false};
    default:
      return mustache::data{value.dump()};  // numbers as JSON writes them
  }
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
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
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render(std::string_view template_text, const nlohmann::json& data,
                   std::string_view template_name) {
  mustache::mustache tmpl{std::string(template_text)};
  if (!tmpl.is_valid()) {
    throw TemplateError(std::string(template_name) + ": " + tmpl.error_message());
  }
  tmpl.set_custom_escape([](const std::string& text) { return html_escape(text); });
  return tmpl.render(to_mustache(data));
}

}  // namespace dcm::core::web
