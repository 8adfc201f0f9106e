// The list of collectors: which config decides each one, and how it is made (node_exporter's
// registerCollector, written out instead of registered by static initialisers).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "exporter/collector.hpp"
#include "exporter/collector_context.hpp"

namespace dcm::exporter {

struct CollectorEntry {
  std::string_view name;
  // Whether the configuration asks for anything this collector exports.
  std::function<bool(const ExporterConfig&)> wanted;
  std::function<std::shared_ptr<Collector>(const CollectorContext&)> make;
};

std::span<const CollectorEntry> collector_table();

// The collectors the configuration asks for, in table order.
std::vector<std::shared_ptr<Collector>> make_collectors(const CollectorContext& context);

}  // namespace dcm::exporter
