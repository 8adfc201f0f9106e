// ipmi-monitor's /metrics: the seed's names exactly (ipmi_server_reachable, ipmi_server_power_on,
// ipmi_events_total, ipmi_events_critical_24h, ipmi_events_warning_24h per server with labels server and bmc;
// ipmi_total_servers, ipmi_reachable_servers) plus per-sensor and collection series. Built from FleetState
// only: a scrape never causes BMC traffic. The reference is docs/ipmi-monitor/metrics.md.
#pragma once

#include <vector>

#include "core/metrics/family.hpp"
#include "ipmi/engine/fleet_state.hpp"

namespace dcm::ipmi {

core::metrics::MetricSet build_metrics(const std::vector<engine::ServerView>& servers);

}  // namespace dcm::ipmi
