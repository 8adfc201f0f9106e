#include "bench/exporter/bench_inputs.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench/exporter/server_process.hpp"
#include "exporter/metric_catalog.hpp"

namespace dcm::bench {
namespace {

namespace fs = std::filesystem;

bool is_executable(const fs::path& path) {
  return fs::is_regular_file(path) && ::access(path.c_str(), X_OK) == 0;
}

void require_tree(const fs::path& root, const char* what) {
  if (!fs::is_directory(root / "sysfs" / "bus" / "pci" / "devices") || !fs::is_directory(root / "procfs")) {
    throw std::runtime_error(root.string() + ": " + what + " has no sysfs/bus/pci/devices and procfs/");
  }
}

// Runs dcm-fixture-tree SRC DEST; returns DEST.
fs::path materialise(const fs::path& tool, const fs::path& source, const fs::path& scratch) {
  const auto dest = scratch / "fixture";
  ServerProcess process({tool.string(), source.string(), dest.string()}, {},
                        scratch / "dcm-fixture-tree.log");
  auto code = process.wait_exit(std::chrono::seconds(60));
  if (!code || *code != 0) {
    const auto how =
        code ? "exited with " + std::to_string(*code) : std::string("did not finish within 60 s");
    throw std::runtime_error(tool.string() + " " + source.string() + " " + dest.string() + " " + how + ": " +
                             process.log_tail());
  }
  require_tree(dest, "the materialised fixture");
  return dest;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out.flush()) {
    throw std::runtime_error(path.string() + ": cannot be written");
  }
}

}  // namespace

ScratchDir::ScratchDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/dcm-bench-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error(pattern + ": mkdtemp failed");
  }
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string all_metrics_config() {
  std::string text = "[agent]\nmachine_id=auto\ninterval=5\n";
  for (auto section : {exporter::Section::kGpu, exporter::Section::kSystem, exporter::Section::kIpmi}) {
    text += "\n[" + std::string(exporter::section_name(section)) + "]\nenabled=1\n";
    for (const auto& info : exporter::metric_catalog()) {
      if (info.section == section) {
        text += std::string(info.name) + "\n";
      }
    }
  }
  return text;
}

ExporterInputs prepare_exporter_inputs(const BenchOptions& options, const fs::path& scratch) {
  ExporterInputs inputs;
  require_tree(options.fixture, "--fixture");
  const auto tool = options.dc_exporter.parent_path() / "dcm-fixture-tree";
  fs::path tree = options.fixture;
  if (is_executable(tool)) {
    tree = materialise(tool, options.fixture, scratch);
    inputs.notes.push_back("fixture       " + options.fixture.string() + ", materialised by " +
                           tool.string() + " into " + tree.string());
  } else {
    inputs.notes.push_back("fixture       " + options.fixture.string() + " as checked in (" + tool.string() +
                           " not built: BAR files not materialised)");
  }
  inputs.sysfs = tree / "sysfs";
  inputs.procfs = tree / "procfs";

  inputs.config = scratch / "config.ini";
  write_text(inputs.config, all_metrics_config());
  inputs.notes.push_back("config        every metric of [gpu], [system] and [ipmi] on (" +
                         std::to_string(exporter::metric_catalog().size()) + " metrics), interval 5 s");

  const auto shim = fs::path(DCM_BENCH_LIB_DIR) / "libnvidia-ml-shim.so";
  if (options.nvml_lib) {
    inputs.nvml_lib = options.nvml_lib;
    inputs.notes.push_back(
        "NVML library  " + *options.nvml_lib + " (--nvml-lib" +
        (fs::exists(*options.nvml_lib) ? ")" : "; not found: the nvml collector will fail)"));
  } else if (fs::exists(shim)) {
    inputs.nvml_lib = shim.string();
    inputs.notes.push_back("NVML library  " + shim.string() + " (the NVML shim of this build)");
    // The shim serves the fixture's GPUs from its nvml.json.
    inputs.env["DCM_NVML_SHIM_CONFIG"] = (tree / "nvml.json").string();
  } else {
    inputs.notes.push_back("NVML library  dc-exporter's default (" + shim.string() +
                           " not built; without NVML the nvml collector fails)");
  }
  for (const auto& [name, value] : options.exporter_env) {
    inputs.env[name] = value;  // wins over the defaults above
  }
  for (const auto& [name, value] : inputs.env) {
    inputs.notes.push_back("environment   " + name + "=" + value);
  }
  return inputs;
}

std::vector<std::string> dc_exporter_argv(const BenchOptions& options, const ExporterInputs& inputs,
                                          int port) {
  std::vector<std::string> argv{options.dc_exporter.string(),
                                "--listen",
                                "127.0.0.1:" + std::to_string(port),
                                "--config",
                                inputs.config.string(),
                                "--sysfs-root",
                                inputs.sysfs.string(),
                                "--procfs-root",
                                inputs.procfs.string()};
  if (inputs.nvml_lib) {
    argv.insert(argv.end(), {"--nvml-lib", *inputs.nvml_lib});
  }
  return argv;
}

std::vector<std::string> node_exporter_argv(const BenchOptions& options, NodeCollectors collectors,
                                            int port) {
  std::vector<std::string> argv{options.node_exporter.string(),
                                "--web.listen-address=127.0.0.1:" + std::to_string(port)};
  if (collectors == NodeCollectors::kLikeForLike) {
    argv.insert(argv.end(), {"--collector.disable-defaults", "--collector.loadavg", "--collector.meminfo",
                             "--collector.cpu"});
  }
  return argv;
}

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    throw std::runtime_error("socket() failed");
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  if (!ok) {
    throw std::runtime_error("cannot find a free port on 127.0.0.1");
  }
  return ntohs(addr.sin_port);
}

}  // namespace dcm::bench
