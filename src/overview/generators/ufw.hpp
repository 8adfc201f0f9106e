// firewall/ufw-master.sh: the seed's firewall rules, completed. Prometheus and Traefik reach services on
// the host from Docker's networks, so those get explicit allows before the seed's denies; ufw is not
// enabled by the script (the operator checks `ufw status` first, SSH included).
#pragma once

#include <string>

#include "overview/inventory.hpp"
#include "overview/output.hpp"

namespace dcm::overview {

std::string render_ufw_master(const Fleet& fleet, const RenderContext& context);
// workers/<name>/ufw.sh: the worker's exporter ports open to the master only.
std::string render_ufw_worker(const Fleet& fleet, const Worker& worker, const RenderContext& context);

}  // namespace dcm::overview
