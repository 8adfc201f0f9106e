#include "ipmi/web/client_address.hpp"

#include <gtest/gtest.h>

namespace dcm::ipmi::web {
namespace {

TEST(ClientAddress, BelievesForwardedForOnlyFromTrustedProxies) {
  const ProxyTrust trust{{"127.0.0.1", "10.0.0.5"}};
  struct Case {
    const char* peer;
    const char* forwarded_for;
    const char* expected;
  };
  const Case cases[] = {
      {"192.0.2.7", "", "192.0.2.7"},
      {"192.0.2.7", "198.51.100.1", "192.0.2.7"},               // untrusted peer: header ignored
      {"127.0.0.1", "", "127.0.0.1"},                           // trusted, no header
      {"127.0.0.1", "198.51.100.1", "198.51.100.1"},            // trusted proxy
      {"127.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"},   // client-written left part ignored
      {"127.0.0.1", "198.51.100.1, 10.0.0.5", "198.51.100.1"},  // chain of trusted proxies
      {"127.0.0.1", " 10.0.0.5 , 127.0.0.1 ", "127.0.0.1"},     // only proxies: the peer
      {"127.0.0.1", ",,", "127.0.0.1"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(client_address(c.peer, c.forwarded_for, trust), c.expected)
        << c.peer << " / " << c.forwarded_for;
  }
}

TEST(ClientAddress, TlsOnlyFromATrustedProxysForwardedProto) {
  const ProxyTrust trust{{"127.0.0.1"}};
  EXPECT_TRUE(came_over_tls("127.0.0.1", "https", trust));
  EXPECT_FALSE(came_over_tls("127.0.0.1", "http", trust));
  EXPECT_FALSE(came_over_tls("127.0.0.1", "", trust));
  EXPECT_FALSE(came_over_tls("192.0.2.7", "https", trust));
}

}  // namespace
}  // namespace dcm::ipmi::web
