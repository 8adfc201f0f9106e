#include "tests/support/fake_webhook.hpp"

#include <mutex>
#include <thread>

namespace dcm::test {
namespace {

// A named ServerOptions: GCC 12 at -O3 warns (-Wmaybe-uninitialized) about a temporary ServerOptions{}.
core::http::ServerOptions loopback_options() {
  core::http::ServerOptions options;
  options.listen = {"127.0.0.1", 0};
  return options;
}

}  // namespace

struct FakeWebhook::State {
  mutable std::mutex mutex;
  std::vector<WebhookDelivery> deliveries;
  std::size_t requests = 0;
};

FakeWebhook::FakeWebhook(std::string path)
    : path_(std::move(path)), state_(std::make_shared<State>()), server_(loopback_options()) {
  server_.post(
      path_, [this, state = state_](const core::http::Request& request, core::http::Response& response) {
        {
          std::lock_guard lock(state->mutex);
          ++state->requests;
        }
        if (auto failure = script_.next()) {
          response.status = failure->status;
          if (failure->retry_after_seconds) {
            response.set_header("Retry-After", std::to_string(*failure->retry_after_seconds));
          }
          response.set_content(
              failure->text.empty() ? "scripted failure " + std::to_string(failure->status) : failure->text,
              "text/plain");
          return;
        }
        std::lock_guard lock(state->mutex);
        state->deliveries.push_back(WebhookDelivery{request.body, request.get_header_value("Authorization"),
                                                    request.get_header_value("Content-Type")});
        response.status = 204;
      });
  server_.bind();
  server_.start();
}

FakeWebhook::~FakeWebhook() {
  script_.shutdown();
  server_.stop();
}

std::string FakeWebhook::url() const {
  return server_.url() + path_;
}

std::vector<WebhookDelivery> FakeWebhook::deliveries() const {
  std::lock_guard lock(state_->mutex);
  return state_->deliveries;
}

std::size_t FakeWebhook::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

bool FakeWebhook::wait_for_deliveries(std::size_t count, std::chrono::milliseconds limit) const {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (deliveries().size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return deliveries().size() >= count;
}

}  // namespace dcm::test
