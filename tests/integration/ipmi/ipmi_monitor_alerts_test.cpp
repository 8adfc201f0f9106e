// Alerts fire from the collector path: the real ipmi-monitor daemon over ipmi_sim BMCs, its notifier pointed
// at a fake Telegram Bot API (config.yaml's api_url). A SEL record added at run time becomes exactly one
// message (after a 429 with retry_after, still once); a BMC that stops answering becomes one "unreachable"
// message after the configured time and one resolve message once it answers again.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/fake_telegram.hpp"
#include "tests/support/ipmi_sim_fleet.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kBotToken = "424242:alert-test-token";

class IpmiMonitorAlerts : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "servers.yaml",
               "defaults:\n  user: dcmon\n  password: " + std::string(kBmcPassword) +
                   "\n  cipher_suite: 3\n  workaround_flags: [opensesspriv]\n  timeout: 2s\nservers:\n"
                   "  - name: gpu-a\n    bmc: 127.0.0.1:" +
                   std::to_string(ipmi_[0].port()) + "\n    tags: {rack: r1}\n");
    write_file(dir_ / "telegram.token", std::string(kBotToken) + "\n");
    write_file(dir_ / "config.yaml", R"yaml(collection:
  workers: 2
  power_interval: 5s
  sensor_interval: 5s
  sel_interval: 5s
  max_backoff: 10s
alerts:
  - {name: critical-events, type: event, severity: critical}
  - {name: bmc-unreachable, type: unreachable, for: 15s}
notifiers:
  telegram:
    token_file: telegram.token
    chat_id: "-100777"
    api_url: )yaml" + telegram_.base_url() +
                                         "\n");
    port_ = free_port();
    daemon_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        binary_path("ipmi-monitor").string(), "--config", (dir_ / "config.yaml").string(), "--servers",
        (dir_ / "servers.yaml").string(), "--data-dir", (dir_ / "data").string(), "--listen",
        "127.0.0.1:" + std::to_string(port_)});
    ASSERT_TRUE(wait_for_http("127.0.0.1", port_, "/healthz")) << daemon_->err();
    // The first job (power, sensors and the SEL's history) is done once its duration is published.
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      auto body = http_get("127.0.0.1", port_, "/metrics");
      if (body && body->find("ipmi_collection_duration_seconds{server=\"gpu-a\"") != std::string::npos) {
        break;
      }
      std::this_thread::sleep_for(200ms);
    }
  }

  std::vector<std::string> visible_messages() const {
    std::vector<std::string> texts;
    for (const auto& message : telegram_.messages()) {
      EXPECT_EQ(message.chat_id, "-100777");
      texts.push_back(telegram_visible_text(message.text));
    }
    return texts;
  }

  TempDir dir_;
  IpmiSimFleet ipmi_{{"critical_events"}};  // its SEL holds critical records before we start
  FakeTelegram telegram_{kBotToken};
  int port_ = 0;
  std::unique_ptr<ChildProcess> daemon_;
};

TEST_F(IpmiMonitorAlerts, CriticalSelRecordIsOneTelegramMessageEvenAfterA429) {
  EXPECT_EQ(telegram_.requests(), 0u) << "the critical records already in the SEL (history) do not page";
  telegram_.script().fail_next(429, 1);
  // Uncorrectable ECC (memory, sensor type 0x0C, offset 1): critical.
  ipmi_[0].add_sel_record("0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x0c 0x01 0x6f 0x01 0xff 0xff");
  ASSERT_TRUE(telegram_.wait_for_messages(1, 60s)) << daemon_->err();
  // A few more sweeps of the unchanged SEL send nothing more.
  std::this_thread::sleep_for(12s);
  const auto texts = visible_messages();
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_NE(texts[0].find("gpu-a"), std::string::npos) << texts[0];
  EXPECT_NE(texts[0].find("Uncorrectable ECC"), std::string::npos) << texts[0];
  EXPECT_EQ(telegram_.requests(), 2u) << "one 429, then delivered once";
  EXPECT_EQ(daemon_->err().find(kBotToken), std::string::npos) << "the bot token is never logged";
}

TEST_F(IpmiMonitorAlerts, UnreachableBmcIsNotifiedOnceThenResolved) {
  ipmi_[0].pause();
  ASSERT_TRUE(telegram_.wait_for_messages(1, 90s)) << daemon_->err();
  auto texts = visible_messages();
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_NE(texts[0].find("gpu-a"), std::string::npos) << texts[0];
  EXPECT_NE(texts[0].find("FIRING bmc-unreachable"), std::string::npos) << texts[0];
  ipmi_[0].resume();
  ASSERT_TRUE(telegram_.wait_for_messages(2, 90s)) << daemon_->err();
  texts = visible_messages();
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_NE(texts[1].find("RESOLVED bmc-unreachable"), std::string::npos) << texts[1];
  // It stays resolved: a few more successful checks send nothing.
  std::this_thread::sleep_for(12s);
  EXPECT_EQ(telegram_.messages().size(), 2u);
}

}  // namespace
}  // namespace dcm::test
