// workers/<name>/: what one GPU worker needs, as native systemd services (the seed: no containers on
// workers). Units for node_exporter, dcgm-exporter, dc-exporter (deploy/systemd/dc-exporter.service, built
// in) and the dc-watchdog agent, the agent's config template, a ufw script and install.sh.
#pragma once

#include "overview/inventory.hpp"
#include "overview/output.hpp"

namespace dcm::overview {

// Appends workers/<worker.name>/... to `out`.
void render_worker_bundle(const Fleet& fleet, const Worker& worker, const RenderContext& context,
                          OutputSet& out);

}  // namespace dcm::overview
