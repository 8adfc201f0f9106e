#include "core/http/client.hpp"

#include <gtest/gtest.h>

#include "core/http/server.hpp"
#include "tests/support/process.hpp"
#include "tests/support/scripted_answers.hpp"

namespace dcm::core::http {
namespace {

// A named ServerOptions: GCC 12 at -O3 warns (-Wmaybe-uninitialized) about a temporary ServerOptions{}.
ServerOptions loopback_options() {
  ServerOptions options;
  options.listen = {"127.0.0.1", 0};
  return options;
}

ClientRequest get(std::string url) {
  ClientRequest request;
  request.url = std::move(url);
  return request;
}

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.get("/hello", [](const Request&, Response& response) {
      response.set_header("X-Answer", "42");
      response.set_content("hi", "text/plain");
    });
    server_.post("/echo", [](const Request& request, Response& response) {
      response.set_content(request.get_header_value("X-Token") + "|" + request.body, "text/plain");
    });
    server_.get("/unavailable", [](const Request&, Response& response) { response.status = 503; });
    server_.get("/moved", [](const Request&, Response& response) {
      response.status = 302;
      response.set_header("Location", "/hello");
    });
    server_.get("/big", [](const Request&, Response& response) {
      response.set_content(std::string(2 * 1024 * 1024, 'x'), "text/plain");
    });
    server_.get("/slow", [this](const Request&, Response& response) {
      script_.next();
      response.set_content("late", "text/plain");
    });
    server_.bind();
    server_.start();
  }
  void TearDown() override {
    script_.shutdown();
    server_.stop();
  }

  std::string url(const std::string& path) const { return server_.url() + path; }

  test::ScriptedAnswers script_;
  Server server_{loopback_options()};
  Client client_;
};

TEST_F(ClientTest, GetsAndPostsWithHeaders) {
  auto response = client_.perform(get(url("/hello")));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "hi");
  EXPECT_EQ(response.header("x-answer"), "42");
  EXPECT_EQ(response.header("X-ANSWER"), "42");
  EXPECT_FALSE(response.header("x-absent").has_value());

  auto post = get(url("/echo"));
  post.method = "POST";
  post.headers = {{"X-Token", "t1"}};
  post.body = std::string(5000, 'b');  // large enough that curl would otherwise send "Expect: 100-continue"
  response = client_.perform(post);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "t1|" + post.body);
}

TEST_F(ClientTest, AnyHttpStatusIsAResponseAndRedirectsAreNotFollowed) {
  EXPECT_EQ(client_.perform(get(url("/unavailable"))).status, 503);
  EXPECT_EQ(client_.perform(get(url("/absent"))).status, 404);
  auto moved = client_.perform(get(url("/moved")));
  EXPECT_EQ(moved.status, 302);
  EXPECT_EQ(moved.header("location"), "/hello");
}

TEST_F(ClientTest, RefusedConnectionNamesOnlyTheOrigin) {
  const int port = test::free_port();
  const std::string origin = "http://127.0.0.1:" + std::to_string(port);
  try {
    client_.perform(get(origin + "/botSECRET-TOKEN/sendMessage?key=SECRET-KEY"));
    FAIL() << "no error";
  } catch (const TransportError& e) {
    EXPECT_EQ(e.kind(), TransportError::Kind::kConnect);
    const std::string what = e.what();
    EXPECT_TRUE(what.starts_with(origin + ": ")) << what;
    EXPECT_EQ(what.find("SECRET"), std::string::npos) << what;
  }
}

TEST_F(ClientTest, SlowPeerTimesOut) {
  script_.hang_next();
  try {
    auto slow = get(url("/slow"));
    slow.timeout = std::chrono::milliseconds(300);
    client_.perform(slow);
    FAIL() << "no error";
  } catch (const TransportError& e) {
    EXPECT_EQ(e.kind(), TransportError::Kind::kTimeout);
    EXPECT_NE(std::string(e.what()).find(": timed out after 0."), std::string::npos) << e.what();
  }
  script_.release();
  EXPECT_EQ(client_.perform(get(url("/hello"))).status, 200) << "the client is usable after a timeout";
}

TEST_F(ClientTest, OversizedResponseIsRefused) {
  try {
    client_.perform(get(url("/big")));
    FAIL() << "no error";
  } catch (const TransportError& e) {
    EXPECT_EQ(e.kind(), TransportError::Kind::kTooLarge);
    EXPECT_EQ(std::string(e.what()), url_origin(url("/")) + ": response larger than 1048576 bytes");
  }
  auto big = get(url("/big"));
  big.max_response_bytes = 3 * 1024 * 1024;
  EXPECT_EQ(client_.perform(big).body.size(), 2u * 1024 * 1024);
}

TEST_F(ClientTest, OtherSchemesAreRefused) {
  for (const std::string bad : {"ftp://127.0.0.1/file", "file:///etc/passwd", "not a url"}) {
    try {
      client_.perform(get(bad));
      ADD_FAILURE() << bad << " was fetched";
    } catch (const TransportError& e) {
      EXPECT_EQ(e.kind(), TransportError::Kind::kBadUrl) << bad << ": " << e.what();
    }
  }
}

TEST(UrlOrigin, KeepsSchemeHostAndPortOnly) {
  EXPECT_EQ(url_origin("https://api.telegram.org/bot123:ABC/sendMessage"), "https://api.telegram.org:443");
  EXPECT_EQ(url_origin("http://user:pw@hooks.example.org:8080/x?key=1"), "http://hooks.example.org:8080");
  EXPECT_EQ(url_origin("https://[fd00::1]:8443/redfish/v1"), "https://[fd00::1]:8443");
  EXPECT_EQ(url_origin("::not a url"), "(invalid URL)");
}

}  // namespace
}  // namespace dcm::core::http
