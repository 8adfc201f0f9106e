#include "exporter/collector_table.hpp"

#include <initializer_list>

#include "exporter/collectors/aer.hpp"
#include "exporter/collectors/ipmi_local.hpp"
#include "exporter/collectors/nvml.hpp"
#include "exporter/collectors/pci.hpp"
#include "exporter/collectors/pcie_bar.hpp"
#include "exporter/collectors/system.hpp"

namespace dcm::exporter {
namespace {

std::function<bool(const ExporterConfig&)> exports_any(std::initializer_list<std::string_view> metrics) {
  std::vector<std::string_view> names(metrics);
  return [names](const ExporterConfig& config) {
    for (auto name : names) {
      if (config.exports(name)) {
        return true;
      }
    }
    return false;
  };
}

const std::vector<CollectorEntry>& table() {
  static const std::vector<CollectorEntry> kTable{
      {"pci", [](const ExporterConfig&) { return true; },
       [](const CollectorContext& context) { return collectors::make_pci_collector(context); }},
      {"system", exports_any({metric::kLoadAvg, metric::kCpuUsage, metric::kMemUsed}),
       collectors::make_system_collector},
      {"nvml",
       exports_any({metric::kVramTemp, metric::kFanSpeed, metric::kThrottleReason, metric::kGpuTemp,
                    metric::kPowerUsage}),
       collectors::make_nvml_collector},
      {"pcie_bar", exports_any({metric::kVramTemp, metric::kHotSpotTemp}),
       collectors::make_pcie_bar_collector},
      {"aer", exports_any({metric::kAerTotalErrors, metric::kAerErrorState}), collectors::make_aer_collector},
      {"ipmi_local", exports_any({metric::kInletTemp, metric::kExhaustTemp}),
       collectors::make_ipmi_local_collector},
  };
  return kTable;
}

}  // namespace

std::span<const CollectorEntry> collector_table() {
  return table();
}

std::vector<std::shared_ptr<Collector>> make_collectors(const CollectorContext& context) {
  std::vector<std::shared_ptr<Collector>> collectors;
  for (const auto& entry : collector_table()) {
    if (entry.wanted(context.config)) {
      collectors.push_back(entry.make(context));
    }
  }
  return collectors;
}

}  // namespace dcm::exporter
