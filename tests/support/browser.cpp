#include "tests/support/browser.hpp"

#include <stdexcept>
#include <thread>

#include <httplib.h>

#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {
namespace {

constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

std::string base64_decode(const std::string& in) {
  static constexpr std::string_view kChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    auto pos = kChars.find(c);
    if (pos == std::string_view::npos) {
      continue;  // '=' padding and line breaks
    }
    buffer = (buffer << 6) | static_cast<unsigned>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

struct Browser::Driver {
  int port = 0;
  TempDir profile;
  std::unique_ptr<ChildProcess> process;
  std::unique_ptr<httplib::Client> client;
};

Browser::Browser() : driver_(std::make_unique<Driver>()) {
  for (const char* program : {"chromium", "chromedriver"}) {
    if (!have_program(program)) {
      throw std::runtime_error(std::string(program) +
                               " not found: run scripts/deps (packages chromium, chromium-driver)");
    }
  }
  driver_->port = free_port();
  driver_->process = std::make_unique<ChildProcess>(std::vector<std::string>{
      "chromedriver", "--port=" + std::to_string(driver_->port), "--allowed-ips=127.0.0.1"});
  if (!wait_for_http("127.0.0.1", driver_->port, "/status", std::chrono::seconds(20))) {
    throw std::runtime_error("chromedriver did not start: " + driver_->process->err());
  }
  driver_->client = std::make_unique<httplib::Client>("127.0.0.1", driver_->port);
  driver_->client->set_read_timeout(60, 0);
  // The flags keep a root, sandbox-less, network-less machine quiet: no background connections, no GPU.
  nlohmann::json args = nlohmann::json::array(
      {"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
       "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
       "--window-size=1280,900", "--user-data-dir=" + driver_->profile.path().string()});
  nlohmann::json capabilities = {
      {"capabilities",
       {{"alwaysMatch",
         {{"browserName", "chrome"},
          {"goog:chromeOptions", {{"binary", "/usr/bin/chromium"}, {"args", args}}}}}}}};
  auto response = command("POST", "/session", capabilities);
  session_ = response.at("sessionId").get<std::string>();
}

Browser::~Browser() {
  if (!session_.empty()) {
    try {
      command("DELETE", "/session/" + session_);
    } catch (const std::exception&) {
    }
  }
}

nlohmann::json Browser::command(const std::string& method, const std::string& path,
                                const nlohmann::json& body) {
  auto& client = *driver_->client;
  httplib::Result result = method == "GET" ? client.Get(path)
                           : method == "DELETE"
                               ? client.Delete(path)
                               : client.Post(path, body.is_null() ? "{}" : body.dump(), "application/json");
  if (!result) {
    throw std::runtime_error("chromedriver " + method + " " + path + ": no answer");
  }
  auto json = nlohmann::json::parse(result->body, nullptr, false);
  if (json.is_discarded()) {
    throw std::runtime_error("chromedriver " + method + " " + path + ": not JSON: " + result->body);
  }
  if (result->status >= 400) {
    throw std::runtime_error("chromedriver " + method + " " + path + ": " + json.dump());
  }
  return json.contains("value") && json.size() == 1 ? json["value"]
                                                    : (json.contains("value") ? json["value"] : json);
}

std::string Browser::element(const std::string& css) {
  auto found =
      command("POST", "/session/" + session_ + "/element", {{"using", "css selector"}, {"value", css}});
  return found.at(kElementKey).get<std::string>();
}

void Browser::open(const std::string& url) {
  command("POST", "/session/" + session_ + "/url", {{"url", url}});
}
std::string Browser::url() {
  return command("GET", "/session/" + session_ + "/url").get<std::string>();
}
std::string Browser::title() {
  return command("GET", "/session/" + session_ + "/title").get<std::string>();
}
std::string Browser::source() {
  return command("GET", "/session/" + session_ + "/source").get<std::string>();
}

nlohmann::json Browser::eval(const std::string& script, const nlohmann::json& args) {
  return command("POST", "/session/" + session_ + "/execute/sync", {{"script", script}, {"args", args}});
}

bool Browser::wait_until(const std::string& script, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    auto result = eval(script);
    if (result.is_boolean() && result.get<bool>()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void Browser::click(const std::string& css) {
  command("POST", "/session/" + session_ + "/element/" + element(css) + "/click", nlohmann::json::object());
}

void Browser::type(const std::string& css, const std::string& text) {
  command("POST", "/session/" + session_ + "/element/" + element(css) + "/value", {{"text", text}});
}

std::string Browser::text(const std::string& css) {
  return command("GET", "/session/" + session_ + "/element/" + element(css) + "/text").get<std::string>();
}

std::string Browser::screenshot() {
  return base64_decode(command("GET", "/session/" + session_ + "/screenshot").get<std::string>());
}

nlohmann::json Browser::cookies() {
  return command("GET", "/session/" + session_ + "/cookie");
}

}  // namespace dcm::test
