#include "overview/http_url.hpp"

#include <algorithm>
#include <cctype>

namespace dcm::overview {

std::optional<HttpUrl> split_http_url(std::string_view url) {
  HttpUrl out;
  if (url.starts_with("https://")) {
    out.scheme = "https";
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    out.scheme = "http";
    url.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  auto slash = url.find('/');
  out.host_port = std::string(url.substr(0, slash));
  out.path = slash == std::string_view::npos ? "" : std::string(url.substr(slash));
  while (out.path.ends_with('/')) {
    out.path.pop_back();
  }
  if (out.host_port.empty() || out.host_port.front() == ':') {
    return std::nullopt;
  }
  auto allowed = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' ||
           c == ']';
  };
  if (!std::all_of(out.host_port.begin(), out.host_port.end(), allowed)) {
    return std::nullopt;
  }
  auto path_ok = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' || c == '.' ||
           c == '~';
  };
  if (!std::all_of(out.path.begin(), out.path.end(), path_ok)) {
    return std::nullopt;
  }
  return out;
}

}  // namespace dcm::overview
