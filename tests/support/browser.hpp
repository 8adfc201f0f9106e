// Headless Chromium for page tests, driven through ChromeDriver's W3C WebDriver protocol (Debian packages
// chromium and chromium-driver). Each Browser starts its own chromedriver on a free loopback port and one
// headless session with a fresh profile, and stops both when destroyed.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace dcm::test {

class Browser {
 public:
  // Throws std::runtime_error naming what is missing (chromium, chromedriver) and to run scripts/deps.
  Browser();
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  void open(const std::string& url);
  std::string url();
  std::string title();
  std::string source();
  // Runs `script` as a function body (use `return ...`) and returns its result.
  nlohmann::json eval(const std::string& script, const nlohmann::json& args = nlohmann::json::array());
  // Waits until the script returns true; false when `limit` passed first.
  bool wait_until(const std::string& script, std::chrono::milliseconds limit = std::chrono::seconds(10));
  void click(const std::string& css);
  void type(const std::string& css, const std::string& text);
  std::string text(const std::string& css);
  // PNG bytes of the viewport.
  std::string screenshot();
  // Cookies of the current page, as WebDriver returns them.
  nlohmann::json cookies();

 private:
  nlohmann::json command(const std::string& method, const std::string& path, const nlohmann::json& body = {});
  std::string element(const std::string& css);

  struct Driver;
  std::unique_ptr<Driver> driver_;
  std::string session_;
};

}  // namespace dcm::test
