// The browser harness itself, against a page served by core::http::Server: if this fails, every page test
// would fail for the harness's sake, so it is checked on its own.
#include <gtest/gtest.h>

#include "core/http/server.hpp"
#include "tests/support/browser.hpp"

namespace dcm::test {
namespace {

constexpr const char* kPage = R"html(<!doctype html>
<html><head><title>harness</title></head>
<body>
<input id="name"><button id="go" onclick="document.getElementById('out').textContent = 'hello ' + document.getElementById('name').value">go</button>
<p id="out"></p>
<canvas id="c" width="100" height="50"></canvas>
<script>const g = document.getElementById('c').getContext('2d'); g.fillStyle = '#c00'; g.fillRect(10, 10, 30, 20);</script>
</body></html>)html";

TEST(BrowserHarness, TypesClicksReadsAndSeesCanvasPixels) {
  core::http::ServerOptions options;
  options.listen = {"127.0.0.1", 0};
  core::http::Server server(options);
  server.get("/", [](const core::http::Request&, core::http::Response& response) {
    response.set_content(kPage, "text/html; charset=utf-8");
  });
  const int port = server.bind();
  server.start();

  Browser browser;
  browser.open("http://127.0.0.1:" + std::to_string(port) + "/");
  EXPECT_EQ(browser.title(), "harness");
  browser.type("#name", "rack 12");
  browser.click("#go");
  EXPECT_EQ(browser.text("#out"), "hello rack 12");
  // A drawn canvas has non-transparent pixels: how chart tests tell a drawn chart from an empty one.
  auto painted = browser.eval(R"js(
    const c = document.getElementById('c');
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0; for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;)js");
  EXPECT_EQ(painted.get<int>(), 30 * 20);
  const auto png = browser.screenshot();
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
}

}  // namespace
}  // namespace dcm::test
