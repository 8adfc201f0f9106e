// prometheus.yml: global 15 s (the seed's), rule files, and one job per kind of exporter (scrape_jobs.hpp).
#pragma once

#include <string>

#include "overview/inventory.hpp"
#include "overview/output.hpp"

namespace dcm::overview {

std::string render_prometheus_yml(const Fleet& fleet, const RenderContext& context);

}  // namespace dcm::overview
