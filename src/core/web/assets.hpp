// Files embedded into a binary at build time (cmake/dcm_web_assets.cmake): stylesheets, scripts, chart
// libraries from npm, templates. Served from memory with a long cache lifetime.
#pragma once

#include <span>
#include <string_view>

#include "core/http/server.hpp"

namespace dcm::core::web {

struct Asset {
  std::string_view path;  // URL path, "/static/uPlot.min.js"
  std::string_view content_type;
  std::string_view data;
};

const Asset* find_asset(std::span<const Asset> assets, std::string_view path);

// Registers GET routes for every asset, with Cache-Control and an ETag of the content.
void serve_assets(http::Server& server, std::span<const Asset> assets);

}  // namespace dcm::core::web
