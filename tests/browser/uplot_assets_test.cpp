// Embedded assets end to end: uPlot from npm, embedded at build time, served by core::web::serve_assets,
// draws a chart in headless Chromium. Every daemon's charts depend on this chain.
#include <gtest/gtest.h>

#include "core/http/server.hpp"
#include "core/web/assets.hpp"
#include "tests/support/browser.hpp"
#include "tests/support/process.hpp"

namespace dcm::assets {
std::span<const core::web::Asset> browser_test_assets();
}

namespace dcm::test {
namespace {

constexpr const char* kPage = R"html(<!doctype html>
<html><head><title>chart</title><link rel="stylesheet" href="/static/uPlot.min.css">
<script src="/static/uPlot.iife.min.js"></script></head>
<body><div id="chart"></div>
<script>
const xs = [0, 60, 120, 180, 240], ys = [61, 64, 70, 83, 92];
new uPlot({width: 600, height: 300, series: [{}, {label: "VRAM °C", stroke: "red"}]}, [xs, ys],
          document.getElementById('chart'));
</script></body></html>)html";

TEST(EmbeddedAssets, UplotFromNpmDrawsAChart) {
  const auto assets = dcm::assets::browser_test_assets();
  const auto* css = core::web::find_asset(assets, "/static/site.css");
  ASSERT_NE(css, nullptr);
  EXPECT_EQ(css->data, "body { color: #123456; }\n");
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");

  core::http::ServerOptions options;
  options.listen = {"127.0.0.1", 0};
  core::http::Server server(options);
  core::web::serve_assets(server, assets);
  server.get("/", [](const core::http::Request&, core::http::Response& response) {
    response.set_content(kPage, "text/html; charset=utf-8");
  });
  const int port = server.bind();
  server.start();

  int status = 0;
  auto js = http_get("127.0.0.1", port, "/static/uPlot.iife.min.js", &status);
  ASSERT_TRUE(js);
  EXPECT_EQ(status, 200);
  EXPECT_NE(js->find("uPlot"), std::string::npos);

  Browser browser;
  browser.open("http://127.0.0.1:" + std::to_string(port) + "/");
  ASSERT_TRUE(
      browser.wait_until("return typeof uPlot === 'function' && !!document.querySelector('canvas');"));
  auto painted = browser.eval(R"js(
    const c = document.querySelector('canvas');
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0; for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;)js");
  EXPECT_GT(painted.get<int>(), 100) << "the chart canvas is blank";
}

}  // namespace
}  // namespace dcm::test
