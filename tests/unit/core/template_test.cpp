#include "core/web/template.hpp"

#include <gtest/gtest.h>

namespace dcm::core::web {
namespace {

TEST(Template, EscapesEveryDoubleBraceValue) {
  auto html =
      render("<td title=\"{{name}}\">{{name}}</td>", {{"name", "<script>alert('x')</script>&\""}}, "t");
  EXPECT_EQ(html,
            "<td title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;\">"
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</td>");
}

TEST(Template, RendersListsBooleansAndNumbers) {
  nlohmann::json data = {
      {"servers", {{{"name", "a"}, {"up", true}, {"temp", 41.5}}, {{"name", "b"}, {"up", false}}}},
      {"empty", nlohmann::json::array()}};
  EXPECT_EQ(render("{{#servers}}{{name}}:{{#up}}up "
                   "{{temp}}{{/up}}{{^up}}down{{/up}};{{/servers}}{{^empty}}none{{/empty}}",
                   data, "t"),
            "a:up 41.5;b:down;none");
}

TEST(Template, SyntaxErrorNamesTheTemplate) {
  try {
    render("{{#open}}never closed", {}, "server.html");
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with("server.html: ")) << e.what();
  }
}

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape("a&<>\"'b"), "a&amp;&lt;&gt;&quot;&#39;b");
}

}  // namespace
}  // namespace dcm::core::web
