// The inventory file and the store: servers.yaml (or .csv) is the source of truth for the servers it
// lists ("file" servers); servers added in the web UI live only in the store ("ui" servers). At start the
// file's servers are written to the store (passwords sealed with the data directory's key) and file
// servers no longer in the file are removed; the engine then collects every stored server.
#pragma once

#include <vector>

#include "core/log/logging.hpp"
#include "core/secrets/secret_box.hpp"
#include "ipmi/model.hpp"
#include "ipmi/store/store.hpp"

namespace dcm::ipmi {

struct SyncReport {
  std::size_t written = 0;
  std::size_t removed = 0;
};

// A UI server with the name of a file server is replaced by the file's (the file wins, and says so in the
// log).
SyncReport sync_file_servers(store::Store& store, const std::vector<ServerConfig>& file_servers,
                             const core::secrets::SecretBox& box, const core::log::Logger& logger);

// Every stored server with its password opened, for the collection engine. A password that cannot be opened
// (the key file was replaced) is left empty and logged once: that BMC then fails authentication, visibly.
std::vector<ServerConfig> load_collection_inventory(store::Store& store, const core::secrets::SecretBox& box,
                                                    const core::log::Logger& logger);

}  // namespace dcm::ipmi
