// The seed's troubleshooting section, automated: mistakes `dc-overview check` looks for in the generated
// directory (hand edits included) and in .env. Each finding names the file and what to do.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "overview/inventory.hpp"

namespace dcm::overview {

struct Finding {
  enum class Level { kError, kWarning };
  Level level;
  std::string message;  // "prometheus.yml: job 'node' scrapes localhost:9100; ..."
};

// prometheus.yml: localhost targets while Prometheus runs in Docker, a target listed twice, two targets of a
// job with one instance label (their series collide), rule_files missing or pointing nowhere.
// docker-compose.yml: Prometheus published on a non-loopback address (public: Docker bypasses ufw), other
// services published on all addresses, one host port published twice, Traefik routing Prometheus.
// nginx/traefik: a proxy to Prometheus. Files that are absent are skipped.
std::vector<Finding> check_generated(const Fleet& fleet, const std::filesystem::path& out_dir);

// .env: missing, readable by others, or a required secret missing, empty or still a placeholder.
std::vector<Finding> check_env(const Fleet& fleet, const std::filesystem::path& env_path);

}  // namespace dcm::overview
