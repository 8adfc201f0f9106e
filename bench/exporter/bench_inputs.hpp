// What the servers under test are started with: a scratch directory, the fixture tree (materialised by
// dcm-fixture-tree when that tool is built), a config.ini with every metric on, the NVML library, free
// loopback ports and the command lines. Each choice is described in `notes` so the output says what was used.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/exporter/bench_options.hpp"

namespace dcm::bench {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents when the object goes away.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct ExporterInputs {
  std::filesystem::path sysfs;
  std::filesystem::path procfs;
  std::filesystem::path config;
  std::optional<std::string> nvml_lib;  // nullopt: dc-exporter's own default
  std::map<std::string, std::string> env;  // dc-exporter's extra environment
  std::vector<std::string> notes;       // one line per input, for the output
};

// Throws std::runtime_error when the fixture is incomplete or dcm-fixture-tree fails.
ExporterInputs prepare_exporter_inputs(const BenchOptions& options, const std::filesystem::path& scratch);

// config.ini with [agent] at the seed's defaults and every metric of the catalogue listed in its section.
std::string all_metrics_config();

enum class NodeCollectors { kDefault, kLikeForLike };

std::vector<std::string> dc_exporter_argv(const BenchOptions& options, const ExporterInputs& inputs,
                                          int port);
std::vector<std::string> node_exporter_argv(const BenchOptions& options, NodeCollectors collectors, int port);

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_loopback_port();

}  // namespace dcm::bench
