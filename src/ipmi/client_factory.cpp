#include "ipmi/client_factory.hpp"

#include "ipmi/bmc/ipmi_lan.hpp"
#include "ipmi/bmc/redfish.hpp"

namespace dcm::ipmi {

std::unique_ptr<bmc::BmcClient> make_bmc_client(const ServerConfig& config,
                                                const ClientFactoryContext& context) {
  auto redfish = [&] {
    return std::make_unique<bmc::RedfishClient>(config, context.http, context.clock, context.logger);
  };
  auto ipmi = [&] {
    bmc::IpmiLanOptions options;
    options.sdr_cache_root = context.sdr_cache_root;
    return std::make_unique<bmc::IpmiLanClient>(config, context.clock, options);
  };
  switch (config.protocol) {
    case Protocol::kRedfish:
      return redfish();
    case Protocol::kIpmi:
      return ipmi();
    case Protocol::kAuto:
      break;
  }
  // Probed each time a client is made (first contact, and after the BMC was unreachable), so a BMC whose
  // Redfish service comes up later is picked up.
  auto probe = bmc::probe_redfish(context.http, config);
  context.logger->info("server {}: protocol auto: {} ({})", config.name, probe.redfish ? "redfish" : "ipmi",
                       probe.detail);
  if (probe.redfish) {
    return redfish();
  }
  return ipmi();
}

}  // namespace dcm::ipmi
