// --listen HOST:PORT, shared by every daemon.
#pragma once

#include <string>
#include <string_view>

namespace dcm::core::cli {

struct Endpoint {
  std::string host;
  int port = 0;
  std::string to_string() const;
};

// Accepts "HOST:PORT", "[V6]:PORT", ":PORT" (all addresses) and "PORT"; port 0 asks the kernel for a free
// one. Throws std::invalid_argument with a message naming the text and what was expected.
Endpoint parse_endpoint(std::string_view text);

}  // namespace dcm::core::cli
