#include "core/http/precompressed.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace dcm::core::http {
namespace {

std::string gunzip(const std::string& data) {
  z_stream stream{};
  inflateInit2(&stream, 15 + 16);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

Request with_accept_encoding(const std::string& value) {
  Request request;
  request.set_header("Accept-Encoding", value);
  return request;
}

TEST(Gzip, RoundTrips) {
  std::string text;
  for (int i = 0; i < 1000; ++i) {
    text += "DCGM_FI_DEV_VRAM_TEMP{gpu=\"" + std::to_string(i) + "\"} 84.5\n";
  }
  auto compressed = gzip_compress(text);
  EXPECT_LT(compressed.size(), text.size() / 4);
  EXPECT_EQ(gunzip(compressed), text);
  EXPECT_EQ(gunzip(gzip_compress("")), "");
}

TEST(AcceptsGzip, ReadsTheAcceptEncodingHeader) {
  EXPECT_TRUE(accepts_gzip(with_accept_encoding("gzip")));
  EXPECT_TRUE(accepts_gzip(with_accept_encoding("deflate, gzip;q=0.5")));
  EXPECT_TRUE(accepts_gzip(with_accept_encoding("*")));
  EXPECT_FALSE(accepts_gzip(with_accept_encoding("gzip;q=0")));
  EXPECT_FALSE(accepts_gzip(with_accept_encoding("identity")));
  EXPECT_FALSE(accepts_gzip(Request{}));
}

TEST(Precompressed, ServerSendsTheGzipBytesOnceNotCompressedAgain) {
  ServerOptions options;
  options.listen = {"127.0.0.1", 0};
  Server server(options);
  auto body = PrecompressedBody::from(std::string(5000, 'a') + "\n");
  server.get("/metrics", [&body](const Request& request, Response& response) {
    respond(request, response, body, "text/plain; version=0.0.4; charset=utf-8");
  });
  int port = server.bind();
  server.start();

  httplib::Client raw("127.0.0.1", port);
  raw.set_decompress(false);
  auto gz = raw.Get("/metrics", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gz->body, *body.gzip);
  EXPECT_EQ(gunzip(gz->body), *body.plain);

  auto plain = raw.Get("/metrics");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");
  EXPECT_EQ(plain->body, *body.plain);
  EXPECT_EQ(plain->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace
}  // namespace dcm::core::http
