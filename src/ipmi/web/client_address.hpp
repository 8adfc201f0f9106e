// Who sent a request, as far as the web UI may believe it: the TCP peer, or, when the peer is one of
// config.yaml's web.trusted_proxies, what that proxy says in X-Forwarded-For / X-Forwarded-Proto. Headers
// from any other peer are ignored, so a client cannot dodge the login rate limit or fake TLS by sending them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dcm::ipmi::web {

struct ProxyTrust {
  std::vector<std::string> trusted_proxies;  // exact addresses ("127.0.0.1", "::1")
  bool trusts(std::string_view peer) const;
};

// The client's address: `peer` unless it is trusted, then the rightmost X-Forwarded-For entry that is not
// itself a trusted proxy (entries further left were written by the client and prove nothing).
std::string client_address(std::string_view peer, std::string_view forwarded_for, const ProxyTrust& trust);

// Whether the client reached us over TLS: only a trusted proxy's "X-Forwarded-Proto: https" says so (the
// daemon itself serves plain HTTP).
bool came_over_tls(std::string_view peer, std::string_view forwarded_proto, const ProxyTrust& trust);

}  // namespace dcm::ipmi::web
