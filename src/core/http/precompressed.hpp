// Bodies that change rarely and are fetched often (a /metrics exposition rebuilt every few seconds and
// scraped many times): gzip them once per change instead of letting the server compress every response.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/http/server.hpp"

namespace dcm::core::http {

// gzip format (RFC 1952), default compression level.
std::string gzip_compress(std::string_view data);

// True when the request's Accept-Encoding allows gzip (and does not give it q=0).
bool accepts_gzip(const Request& request);

struct PrecompressedBody {
  std::shared_ptr<const std::string> plain;
  std::shared_ptr<const std::string> gzip;  // gzip_compress(*plain)

  static PrecompressedBody from(std::string text);
};

// Answers with the gzip bytes and Content-Encoding: gzip when the client accepts it, else the plain text.
// The bytes are handed to the server as a sized content provider, which it sends as they are.
void respond(const Request& request, Response& response, const PrecompressedBody& body,
             const std::string& content_type);

}  // namespace dcm::core::http
