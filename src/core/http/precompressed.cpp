#include "core/http/precompressed.hpp"

#include <stdexcept>

#include <zlib.h>

#include "core/config/text.hpp"

namespace dcm::core::http {

std::string gzip_compress(std::string_view data) {
  z_stream stream{};
  // windowBits 15 + 16 asks zlib for a gzip header and trailer instead of a zlib one.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("gzip: deflateInit2 failed");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  const auto written = stream.total_out;
  deflateEnd(&stream);
  if (result != Z_STREAM_END) {
    throw std::runtime_error("gzip: deflate did not finish");
  }
  out.resize(written);
  return out;
}

bool accepts_gzip(const Request& request) {
  const std::string accept = request.get_header_value("Accept-Encoding");  // returned by value: keep it alive
  std::string_view header = accept;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = config::trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    auto semicolon = item.find(';');
    auto coding = config::trim(item.substr(0, semicolon));
    if (coding != "gzip" && coding != "*") {
      continue;
    }
    if (semicolon != std::string_view::npos) {
      auto parameters = item.substr(semicolon + 1);
      auto q = parameters.find("q=");
      if (q != std::string_view::npos) {
        auto value = config::parse_double(config::trim(parameters.substr(q + 2)));
        if (value && *value <= 0) {
          return false;
        }
      }
    }
    return true;
  }
  return false;
}

PrecompressedBody PrecompressedBody::from(std::string text) {
  auto gzip = std::make_shared<const std::string>(gzip_compress(text));
  return {std::make_shared<const std::string>(std::move(text)), std::move(gzip)};
}

void respond(const Request& request, Response& response, const PrecompressedBody& body,
             const std::string& content_type) {
  response.set_header("Vary", "Accept-Encoding");
  std::shared_ptr<const std::string> bytes = body.plain;
  if (body.gzip && accepts_gzip(request)) {
    bytes = body.gzip;
    response.set_header("Content-Encoding", "gzip");
  }
  // A sized content provider is written as it is: the server compresses only plain `body` strings.
  response.set_content_provider(bytes->size(), content_type,
                                [bytes](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                  return sink.write(bytes->data() + offset, length);
                                });
}

}  // namespace dcm::core::http
