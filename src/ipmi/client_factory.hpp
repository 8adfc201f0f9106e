// Makes the BmcClient a server's protocol calls for: IPMI over LAN (FreeIPMI), Redfish (libcurl multi), or,
// for `protocol: auto`, Redfish when GET /redfish/v1 answers as a Redfish service and IPMI otherwise.
#pragma once

#include <filesystem>
#include <memory>

#include "core/log/logging.hpp"
#include "core/sys/clock.hpp"
#include "ipmi/bmc/bmc_client.hpp"
#include "ipmi/bmc/http_multi.hpp"
#include "ipmi/model.hpp"

namespace dcm::ipmi {

struct ClientFactoryContext {
  bmc::HttpMulti& http;
  const core::sys::Clock& clock;
  std::filesystem::path sdr_cache_root;  // under --data-dir, so a restart does not re-read every SDR
  core::log::Logger logger;
};

std::unique_ptr<bmc::BmcClient> make_bmc_client(const ServerConfig& config,
                                                const ClientFactoryContext& context);

}  // namespace dcm::ipmi
