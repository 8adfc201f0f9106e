// ipmi-monitor's web UI in headless Chromium against the real daemon over simulated BMCs: first-start admin
// creation, the dashboard's states (updated by its polling), the server page's chart, a server named
// `<script>alert(1)</script>` shown as text, and CSRF refusal from the page's own origin.
#include <gtest/gtest.h>

#include "tests/support/browser.hpp"
#include "tests/support/ipmi_web_daemon.hpp"

namespace dcm::test {
namespace {

using namespace std::chrono_literals;

// The dashboard cell `cls` of the row for `server` (the name compared in JS, never put into a selector).
std::string cell_script(const std::string& cls) {
  return "const row = [...document.querySelectorAll('#fleet tbody tr')].find(r => r.dataset.server === "
         "arguments[0]); if (!row) return null; return row.querySelector('td." +
         cls + "').textContent.trim();";
}

TEST(IpmiWebBrowser, FirstStartDashboardChartEscapingAndCsrf) {
  IpmiWebDaemon daemon;
  ASSERT_TRUE(daemon.started()) << daemon.log();
  Browser browser;

  // First start: every page leads to /setup, which creates the administrator and logs in.
  browser.open(daemon.url() + "/");
  ASSERT_TRUE(browser.wait_until("return location.pathname === '/setup';")) << browser.url();
  browser.type("#user", "root");
  browser.type("#password", "correct-horse-1");
  browser.type("#confirm", "correct-horse-1");
  browser.click("#create");
  ASSERT_TRUE(browser.wait_until("return !!document.getElementById('fleet');")) << browser.source();
  bool http_only = true;
  for (const auto& cookie : browser.cookies()) {
    if (cookie["name"] == "ipmi_session") {
      http_only = cookie["httpOnly"].get<bool>();
    }
  }
  EXPECT_TRUE(http_only);
  EXPECT_EQ(browser.eval("return document.cookie;"), "") << "the session cookie is invisible to scripts";

  // The dashboard lists every server; its 10 s polling brings the collected states in.
  EXPECT_EQ(browser.eval("return document.querySelectorAll('#fleet tbody tr').length;"), 3);
  const std::string states = R"js(
    const rows = new Map([...document.querySelectorAll('#fleet tbody tr')].map(r => [r.dataset.server, r]));
    const cell = (n, c) => rows.get(n).querySelector('td.' + c).textContent;
    return cell('ipmi-healthy', 'reachable') === 'yes' && cell('ipmi-critical', 'reachable') === 'yes' &&
           Number(cell('ipmi-critical', 'critical')) > 0 && cell(XSS, 'reachable') === 'no';)js";
  ASSERT_TRUE(browser.wait_until("const XSS = " + nlohmann::json(kXssServerName).dump() + ";" + states, 90s))
      << browser.source();
  EXPECT_EQ(browser.eval(cell_script("power"), {"ipmi-healthy"}), "on");
  EXPECT_NE(browser.eval(cell_script("hottest"), {"ipmi-healthy"}), "");

  // The hostile name is text: no element was injected and no inline script exists on the page.
  EXPECT_EQ(browser.eval(cell_script("name"), {kXssServerName}), kXssServerName);
  EXPECT_EQ(browser.eval("return [...document.scripts].filter(s => !s.src).length;"), 0);
  EXPECT_EQ(browser.source().find("<script>alert(1)"), std::string::npos);

  // The server page draws the history of a sensor with uPlot.
  browser.open(daemon.url() + "/servers/ipmi-healthy");
  ASSERT_TRUE(
      browser.wait_until("const c = document.querySelector('#chart canvas'); return !!c && "
                         "Number(document.getElementById('chart')"
                         ".dataset.points) >= 2;",
                         60s))
      << browser.source();
  auto painted = browser.eval(R"js(
    const c = document.querySelector('#chart canvas');
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i + 3] > 0 && Math.abs(data[i] - 0x1f) < 40 && Math.abs(data[i + 1] - 0x5f) < 40 &&
          Math.abs(data[i + 2] - 0xa8) < 40) n++;
    return n;)js");
  EXPECT_GT(painted.get<int>(), 20) << "the average line is not drawn";
  EXPECT_GT(browser.eval("return document.querySelectorAll('#sensors tbody tr').length;").get<int>(), 0);

  // The hostile server's own page shows its name as a heading's text.
  browser.open(daemon.url() + "/servers/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  ASSERT_TRUE(browser.wait_until("return !!document.getElementById('server-name');")) << browser.source();
  EXPECT_EQ(browser.text("#server-name"), kXssServerName);
  EXPECT_EQ(browser.eval("return [...document.scripts].filter(s => !s.src).length;"), 0);

  // A POST from the page without the CSRF token is refused; with the page's token it goes through.
  EXPECT_EQ(browser.eval("return fetch('/api/v1/events/1/ack', {method: 'POST'}).then(r => r.status);"), 403);
  EXPECT_EQ(browser.eval("return fetch('/logout', {method: 'POST', body: ''}).then(r => r.status);"), 403);
  const auto with_token = browser.eval(
      "return fetch('/api/v1/events/1/ack', {method: 'POST', headers: {'X-CSRF-Token': "
      "document.querySelector('input[name=csrf]').value}}).then(r => r.status);");
  EXPECT_TRUE(with_token == 200 || with_token == 404) << with_token;

  // Logging out ends the session.
  browser.click(".logout button");
  ASSERT_TRUE(browser.wait_until("return location.pathname === '/login';"));
  browser.open(daemon.url() + "/events");
  ASSERT_TRUE(browser.wait_until("return location.pathname === '/login';"));

  // Logging in again: a wrong password is refused, the right one opens the dashboard.
  browser.type("#user", "root");
  browser.type("#password", "wrong-password");
  browser.click("#login");
  ASSERT_TRUE(browser.wait_until("return !!document.getElementById('error');"));
  EXPECT_EQ(browser.text("#error"), "Wrong user name or password.");
  browser.type("#user", "root");
  browser.type("#password", "correct-horse-1");
  browser.click("#login");
  ASSERT_TRUE(browser.wait_until("return !!document.getElementById('fleet');")) << browser.source();
  EXPECT_EQ(browser.eval("return document.querySelectorAll('#fleet tbody tr').length;"), 3);
}

}  // namespace
}  // namespace dcm::test
