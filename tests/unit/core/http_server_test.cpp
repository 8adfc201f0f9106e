#include <gtest/gtest.h>

#include "core/http/server.hpp"
#include "tests/support/process.hpp"

namespace dcm::core::http {
namespace {

ServerOptions loopback() {
  ServerOptions options;
  options.listen = {"127.0.0.1", 0};
  options.max_body_bytes = 16;
  return options;
}

TEST(HttpServer, BindsPortZeroAndAnswersHealthzAndRoutes) {
  Server server(loopback());
  server.get("/hello", [](const Request&, Response& response) { response.set_content("hi", "text/plain"); });
  int port = server.bind();
  ASSERT_GT(port, 0);
  server.start();
  int status = 0;
  EXPECT_EQ(test::http_get("127.0.0.1", port, "/healthz", &status), "ok\n");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(test::http_get("127.0.0.1", port, "/hello", &status), "hi");
  test::http_get("127.0.0.1", port, "/nope", &status);
  EXPECT_EQ(status, 404);
  server.stop();
  EXPECT_FALSE(test::http_get("127.0.0.1", port, "/healthz").has_value());
}

TEST(HttpServer, HealthCheckFailureAnswers503WithReason) {
  Server server(loopback());
  server.set_health_check([](std::string& reason) {
    reason = "collector nvml hung";
    return false;
  });
  int port = server.bind();
  server.start();
  int status = 0;
  EXPECT_EQ(test::http_get("127.0.0.1", port, "/healthz", &status), "collector nvml hung\n");
  EXPECT_EQ(status, 503);
}

TEST(HttpServer, RejectsBodiesOverTheLimit) {
  Server server(loopback());
  server.post("/in", [](const Request&, Response& response) { response.set_content("taken", "text/plain"); });
  int port = server.bind();
  server.start();
  httplib::Client client("127.0.0.1", port);
  auto small = client.Post("/in", "0123456789", "text/plain");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 200);
  auto big = client.Post("/in", std::string(1000, 'x'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
}

TEST(HttpServer, ReportsAnAddressInUse) {
  Server first(loopback());
  int port = first.bind();
  ServerOptions options = loopback();
  options.listen.port = port;
  Server second(options);
  try {
    second.bind();
    FAIL() << "second bind succeeded";
  } catch (const BindError& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(port)), std::string::npos);
  }
}

}  // namespace
}  // namespace dcm::core::http
