// Everything `dc-overview generate` writes, rendered in memory from a fleet (no I/O here).
#pragma once

#include "overview/inventory.hpp"
#include "overview/output.hpp"

namespace dcm::overview {

// The name of the marker file that says a directory was written by dc-overview (and may be replaced).
inline constexpr const char* kMarkerFile = ".dc-overview";

// Files in a fixed order with fixed content for a given fleet and context: the output is deterministic.
OutputSet render_all(const Fleet& fleet, const RenderContext& context);

}  // namespace dcm::overview
