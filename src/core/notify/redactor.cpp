#include "core/notify/redactor.hpp"

#include <algorithm>

namespace dcm::core::notify {

void Redactor::add(std::string_view secret) {
  if (secret.size() < 2) {
    return;
  }
  if (std::find(secrets_.begin(), secrets_.end(), secret) == secrets_.end()) {
    secrets_.emplace_back(secret);
    std::stable_sort(secrets_.begin(), secrets_.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }
}

void Redactor::add_fragment(std::string_view fragment) {
  if (fragment.size() >= kMinFragment) {
    add(fragment);
  }
}

void Redactor::add_bot_token(std::string_view token) {
  add(token);
  if (const auto colon = token.find(':'); colon != std::string_view::npos) {
    add_fragment(token.substr(colon + 1));
  }
}

void Redactor::add_url(std::string_view url) {
  add(url);
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return;
  }
  auto rest = url.substr(scheme + 3);
  const auto path_start = rest.find_first_of("/?#");
  const auto authority = rest.substr(0, path_start);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    add(authority.substr(0, at));
    if (const auto colon = authority.find(':'); colon < at) {
      add_fragment(authority.substr(colon + 1, at - colon - 1));
    }
  }
  if (path_start == std::string_view::npos) {
    return;
  }
  const auto tail = rest.substr(path_start);
  add(tail);
  std::size_t begin = 0;
  while (begin <= tail.size()) {
    const auto end = std::min(tail.find_first_of("/?&#", begin), tail.size());
    auto piece = tail.substr(begin, end - begin);
    if (const auto equals = piece.find('='); equals != std::string_view::npos) {
      piece = piece.substr(equals + 1);  // a query value
    }
    add_fragment(piece);
    begin = end + 1;
  }
}

std::string Redactor::apply(std::string text) const {
  for (const auto& secret : secrets_) {
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "<redacted>");
    }
  }
  return text;
}

}  // namespace dcm::core::notify
