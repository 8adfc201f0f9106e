// A fake webhook receiver on 127.0.0.1 (port 0): accepts POSTs to one path, records body and
// Authorization header, and answers as scripted (ScriptedAnswers: status + Retry-After header, or hang).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/http/server.hpp"
#include "tests/support/scripted_answers.hpp"

namespace dcm::test {

struct WebhookDelivery {
  std::string body;
  std::string authorization;  // the header as received, "" when absent
  std::string content_type;
};

class FakeWebhook {
 public:
  // Receives at `path` (e.g. "/hooks/KEY"); other paths answer 404.
  explicit FakeWebhook(std::string path = "/hook");
  ~FakeWebhook();
  FakeWebhook(const FakeWebhook&) = delete;
  FakeWebhook& operator=(const FakeWebhook&) = delete;

  std::string url() const;  // "http://127.0.0.1:PORT/PATH"
  ScriptedAnswers& script() { return script_; }

  std::vector<WebhookDelivery> deliveries() const;  // answered 2xx, in arrival order
  std::size_t requests() const;
  bool wait_for_deliveries(std::size_t count,
                           std::chrono::milliseconds limit = std::chrono::seconds(10)) const;

 private:
  struct State;
  std::string path_;
  std::shared_ptr<State> state_;
  ScriptedAnswers script_;
  core::http::Server server_;
};

}  // namespace dcm::test
