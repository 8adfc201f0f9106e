#include "ipmi/inventory_sync.hpp"

#include <set>

namespace dcm::ipmi {

SyncReport sync_file_servers(store::Store& store, const std::vector<ServerConfig>& file_servers,
                             const core::secrets::SecretBox& box, const core::log::Logger& logger) {
  SyncReport report;
  std::set<std::string> in_file;
  for (const auto& config : file_servers) {
    in_file.insert(config.name);
    if (auto existing = store.server(config.name); existing && existing->origin == store::ServerOrigin::kUi) {
      logger->warn("server {}: listed in the inventory file, which replaces the one added in the web UI",
                   config.name);
    }
    store::ServerRecord record;
    record.config = config;
    record.config.password.clear();
    record.password_encrypted = config.password.empty() ? std::string() : box.seal(config.password);
    record.origin = store::ServerOrigin::kFile;
    store.put_server(record);
    ++report.written;
  }
  for (const auto& record : store.servers()) {
    if (record.origin == store::ServerOrigin::kFile && !in_file.contains(record.config.name)) {
      store.remove_server(record.config.name);
      ++report.removed;
    }
  }
  return report;
}

std::vector<ServerConfig> load_collection_inventory(store::Store& store, const core::secrets::SecretBox& box,
                                                    const core::log::Logger& logger) {
  std::vector<ServerConfig> out;
  for (auto& record : store.servers()) {
    auto config = record.config;
    if (record.password_encrypted && !record.password_encrypted->empty()) {
      try {
        config.password = box.open(*record.password_encrypted);
      } catch (const std::exception& e) {
        logger->error(
            "server {}: stored BMC password cannot be decrypted ({}); was the key file replaced? "
            "Set the password again.",
            config.name, e.what());
      }
    }
    out.push_back(std::move(config));
  }
  return out;
}

}  // namespace dcm::ipmi
