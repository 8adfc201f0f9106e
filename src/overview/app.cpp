#include "overview/app.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <unistd.h>

#include "core/build_info.hpp"
#include "core/config/config_error.hpp"
#include "core/config/yaml_reader.hpp"
#include "overview/check/check_command.hpp"
#include "overview/env_file.hpp"
#include "overview/generate.hpp"
#include "overview/generators/docker_compose.hpp"
#include "overview/init_fleet.hpp"
#include "overview/inventory.hpp"
#include "overview/output_writer.hpp"

namespace dcm::overview {
namespace {

namespace fs = std::filesystem;

struct Commands {
  InitOptions init;
  std::vector<std::string> worker_flags;
  bool no_ipmi_monitor = false;
  bool force = false;
  std::string fleet = "fleet.yaml";
  std::string out_dir = "generated";
  std::string env;
  std::string timeout = "5s";
  bool no_probe = false;
};

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) {
    throw std::runtime_error(path.string() + ": cannot write");
  }
}

// Creates `path` with mode 0600 from the start (never readable by others, not even briefly); false when
// it already exists.
bool create_private_file(const fs::path& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return false;
    }
    throw std::runtime_error(path.string() + ": " + std::strerror(errno));
  }
  std::size_t written = 0;
  while (written < content.size()) {
    auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error(path.string() + ": cannot write");
    }
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return true;
}

int run_init(Commands& c, std::ostream& out, std::ostream& err) {
  for (const auto& flag : c.worker_flags) {
    try {
      c.init.workers.push_back(parse_worker_flag(flag));
    } catch (const std::invalid_argument& e) {
      err << "dc-overview init: --worker " << e.what() << '\n';
      return 2;
    }
  }
  if (c.init.workers.empty()) {
    err << "dc-overview init: at least one --worker NAME=IP is needed\n";
    return 2;
  }
  c.init.ipmi_monitor = !c.no_ipmi_monitor;
  const fs::path fleet_path = c.fleet;
  const auto text = render_fleet_yaml(c.init);
  Fleet fleet;
  try {
    fleet = parse_fleet(text, c.fleet);
  } catch (const core::config::ConfigError& e) {
    // The line is the generated file's; the path names the flag's value.
    err << "dc-overview init: " << e.reason() << '\n';
    return 2;
  }
  if (fs::exists(fleet_path) && !c.force) {
    err << "dc-overview init: " << c.fleet << " exists; --force replaces it\n";
    return 1;
  }
  try {
    write_file(fleet_path, text);
    const auto dir = fleet_path.parent_path().empty() ? fs::path(".") : fleet_path.parent_path();
    RenderContext context{c.fleet};
    write_file(dir / ".env.example", render_env_example(fleet, context));
    out << "wrote " << c.fleet << " and " << (dir / ".env.example").string() << '\n';
    const auto env_path = dir / ".env";
    if (create_private_file(env_path, render_env(fleet, context, system_random_token))) {
      std::string generated;
      std::string to_fill;
      for (const auto& secret : required_secrets(fleet)) {
        auto& list = secret.generated ? generated : to_fill;
        list += list.empty() ? "" : ", ";
        list += secret.name;
      }
      out << "wrote " << env_path.string() << " (mode 0600)";
      if (!generated.empty()) {
        out << "; generated " << generated;
      }
      if (!to_fill.empty()) {
        out << "; fill in " << to_fill;
      }
      out << '\n';
    } else {
      out << "kept the existing " << env_path.string() << " (its secrets are not touched)\n";
    }
  } catch (const std::exception& e) {
    err << "dc-overview init: " << e.what() << '\n';
    return 1;
  }
  out << "next: edit " << c.fleet << ", then dc-overview generate --fleet " << c.fleet << '\n';
  return 0;
}

int run_generate(const Commands& c, std::ostream& out, std::ostream& err) {
  Fleet fleet;
  try {
    fleet = load_fleet(c.fleet);
  } catch (const core::config::ConfigError& e) {
    err << "dc-overview: " << e.what() << '\n';
    return 1;
  }
  const fs::path out_dir = c.out_dir;
  const auto fleet_dir = fs::path(c.fleet).parent_path();
  const auto env_path = fs::absolute(fleet_dir.empty() ? fs::path(".env") : fleet_dir / ".env");
  WriteOptions options;
  if (fs::exists(env_path)) {
    options.env_link = fs::relative(env_path, fs::weakly_canonical(fs::absolute(out_dir))).string();
  }
  try {
    auto files = render_all(fleet, RenderContext{c.fleet});
    write_output_dir(files, out_dir, options);
    out << "wrote " << files.size() << " files to " << c.out_dir << "/ from " << c.fleet << '\n';
  } catch (const std::exception& e) {
    err << "dc-overview generate: " << e.what() << '\n';
    return 1;
  }
  out << "next: dc-overview check --fleet " << c.fleet << " --out " << c.out_dir << "\n";
  out << "      on the master: cd " << c.out_dir << " && docker compose up -d"
      << (fleet.tls_mode == TlsMode::kSelfSigned || fleet.tls_mode == TlsMode::kLetsEncrypt
              ? " && sudo sh nginx/setup-tls.sh"
              : "")
      << "\n";
  out << "      on each worker: sudo sh workers/<name>/install.sh\n";
  out << "      Grafana: " << grafana_url(fleet) << '\n';
  return 0;
}

int run_check_command(const Commands& c, std::ostream& out, std::ostream& err) {
  CheckOptions options;
  options.fleet_path = c.fleet;
  options.fleet_name = c.fleet;
  options.out_dir = c.out_dir;
  options.env_path = c.env;
  options.probe = !c.no_probe;
  auto timeout = core::config::parse_duration(c.timeout);
  if (!timeout || timeout->count() <= 0) {
    err << "dc-overview check: --timeout: invalid duration '" << c.timeout << "' (expected e.g. 500ms, 5s)\n";
    return 2;
  }
  options.timeout = *timeout;
  return run_check(options, out);
}

}  // namespace

std::string version_line() {
  return std::string("dc-overview version ") + core::kVersion + " (built " + core::kBuildDate + ")";
}

int run_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  Commands c;
  CLI::App app{
      "dc-overview: describe a GPU datacenter once in fleet.yaml; get its monitoring stack "
      "(Prometheus, rules, Grafana, nginx/TLS, firewall, worker units) and check it.",
      "dc-overview"};
  app.require_subcommand(0, 1);
  bool show_version = false;
  app.add_flag("-v,--version", show_version, "Print the version and exit");

  auto* init =
      app.add_subcommand("init", "Write a commented fleet.yaml from flags, and .env (0600) + .env.example");
  init->add_option("--fleet", c.fleet, "Fleet file to write")->capture_default_str();
  init->add_option("--site", c.init.site, "Site name")->required();
  init->add_option("--master-ip", c.init.master_ip, "The monitoring server's LAN address")->required();
  init->add_option("--master-name", c.init.master_name, "Its instance label")->capture_default_str();
  init->add_option(
      "--worker", c.worker_flags,
      "GPU worker NAME=IP[,gpu=nvidia|amd|none][,exporters=node_exporter+dcgm_exporter+dc_exporter] "
      "(repeat)");
  init->add_option("--grafana-domain", c.init.grafana_domain, "Public name of Grafana");
  init->add_option("--ipmi-domain", c.init.ipmi_domain,
                   "Public name of ipmi-monitor (default: /ipmi/ of Grafana's)");
  init->add_option("--tls", c.init.tls_mode, "self-signed, letsencrypt, traefik or none")
      ->capture_default_str();
  init->add_option("--acme-email", c.init.acme_email, "Let's Encrypt account e-mail (letsencrypt, traefik)");
  init->add_option("--internal-cidr", c.init.internal_cidr,
                   "The LAN allowed to reach the master's exporters");
  init->add_flag("--no-ipmi-monitor", c.no_ipmi_monitor, "Leave ipmi-monitor out");
  init->add_flag("--vastai", c.init.vastai, "Add vastai-exporter and the Vast.ai dashboard");
  init->add_option("--watchdog-url", c.init.watchdog_url, "URL of the offsite dc-watchdog");
  init->add_flag("--force", c.force, "Replace an existing fleet file (.env is never replaced)");

  auto* generate = app.add_subcommand("generate", "Render the monitoring stack from the fleet file");
  generate->add_option("--fleet", c.fleet, "Fleet file")->capture_default_str();
  generate->add_option("--out", c.out_dir, "Output directory (replaced as a whole)")->capture_default_str();

  auto* check = app.add_subcommand("check", "Validate, run promtool, look for pitfalls, probe every target");
  check->add_option("--fleet", c.fleet, "Fleet file")->capture_default_str();
  check->add_option("--out", c.out_dir, "The generated directory to check")->capture_default_str();
  check->add_option("--env", c.env, "Secrets file (default: .env beside the fleet file)");
  check->add_option("--timeout", c.timeout, "Per-target probe timeout")->capture_default_str();
  check->add_flag("--no-probe", c.no_probe, "Do not contact the targets");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help is a "parse error" that exits 0; every real one is a usage error.
    return app.exit(e, out, err) == 0 ? 0 : 2;
  }
  if (show_version) {
    out << version_line() << '\n';
    return 0;
  }
  if (init->parsed()) {
    return run_init(c, out, err);
  }
  if (generate->parsed()) {
    return run_generate(c, out, err);
  }
  if (check->parsed()) {
    return run_check_command(c, out, err);
  }
  out << app.help();
  return 2;
}

}  // namespace dcm::overview
