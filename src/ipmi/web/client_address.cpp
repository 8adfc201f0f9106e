#include "ipmi/web/client_address.hpp"

#include <algorithm>

#include "core/config/text.hpp"

namespace dcm::ipmi::web {

bool ProxyTrust::trusts(std::string_view peer) const {
  return std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) != trusted_proxies.end();
}

std::string client_address(std::string_view peer, std::string_view forwarded_for, const ProxyTrust& trust) {
  if (!trust.trusts(peer) || core::config::trim(forwarded_for).empty()) {
    return std::string(peer);
  }
  // Walk the hops from the right: the nearest ones were appended by proxies we trust.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const auto hop = core::config::trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    if (!hop.empty() && !trust.trusts(hop)) {
      return std::string(hop);
    }
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
  }
  return std::string(peer);
}

bool came_over_tls(std::string_view peer, std::string_view forwarded_proto, const ProxyTrust& trust) {
  return trust.trusts(peer) && core::config::trim(forwarded_proto) == "https";
}

}  // namespace dcm::ipmi::web
