#include "core/cli/endpoint.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace dcm::core::cli {
namespace {

TEST(Endpoint, ParsesHostPortForms) {
  auto e = parse_endpoint("0.0.0.0:9500");
  EXPECT_EQ(e.host, "0.0.0.0");
  EXPECT_EQ(e.port, 9500);
  EXPECT_EQ(parse_endpoint(":5000").host, "0.0.0.0");
  EXPECT_EQ(parse_endpoint("5001").port, 5001);
  auto v6 = parse_endpoint("[::1]:0");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 0);
  EXPECT_EQ(v6.to_string(), "[::1]:0");
}

TEST(Endpoint, RejectsBadPortsAndUnbracketedV6) {
  EXPECT_THROW(parse_endpoint("host:65536"), std::invalid_argument);
  EXPECT_THROW(parse_endpoint("host:x"), std::invalid_argument);
  EXPECT_THROW(parse_endpoint("::1:80"), std::invalid_argument);
  EXPECT_THROW(parse_endpoint(""), std::invalid_argument);
  EXPECT_THROW(parse_endpoint("[::1]80"), std::invalid_argument);
}

}  // namespace
}  // namespace dcm::core::cli
