#include "core/web/assets.hpp"

#include <functional>

#include <fmt/format.h>

namespace dcm::core::web {

const Asset* find_asset(std::span<const Asset> assets, std::string_view path) {
  for (const auto& asset : assets) {
    if (asset.path == path) {
      return &asset;
    }
  }
  return nullptr;
}

void serve_assets(http::Server& server, std::span<const Asset> assets) {
  for (const auto& asset : assets) {
    const auto etag = fmt::format("\"{:016x}\"", std::hash<std::string_view>{}(asset.data));
    server.get(std::string(asset.path),
               [&asset, etag](const http::Request& request, http::Response& response) {
                 response.set_header("Cache-Control", "public, max-age=86400");
                 response.set_header("ETag", etag);
                 response.set_header("X-Content-Type-Options", "nosniff");
                 if (request.get_header_value("If-None-Match") == etag) {
                   response.status = 304;
                   return;
                 }
                 response.set_content(asset.data.data(), asset.data.size(), std::string(asset.content_type));
               });
  }
}

}  // namespace dcm::core::web
