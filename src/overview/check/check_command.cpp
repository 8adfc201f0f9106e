#include "overview/check/check_command.hpp"

#include <algorithm>

#include "core/config/config_error.hpp"
#include "overview/check/command.hpp"
#include "overview/check/pitfalls.hpp"
#include "overview/check/probe.hpp"
#include "overview/inventory.hpp"
#include "overview/scrape_jobs.hpp"

namespace dcm::overview {
namespace {

namespace fs = std::filesystem;

void print_indented(std::ostream& out, const std::string& text) {
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    auto line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty()) {
      out << "    " << line << '\n';
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
}

// Returns false when promtool found a problem.
bool run_promtool(const CheckOptions& options, std::ostream& out) {
  const auto config = options.out_dir / "prometheus.yml";
  if (!fs::exists(config)) {
    out << "promtool: skipped, " << config.string() << " does not exist (run dc-overview generate)\n";
    return true;
  }
  if (!find_in_path(options.promtool)) {
    out << "promtool: not found, config and rule checks skipped (apt install prometheus)\n";
    return true;
  }
  bool ok = true;
  auto step = [&](const std::vector<std::string>& argv) {
    std::string shown;
    for (const auto& arg : argv) {
      shown += shown.empty() ? "" : " ";
      shown += arg;
    }
    auto result = run_command(argv);
    out << shown << ": " << (result.exit_code == 0 ? "ok" : "FAILED") << '\n';
    if (result.exit_code != 0) {
      print_indented(out, result.output);
      ok = false;
    }
  };
  step({options.promtool, "check", "config", config.string()});
  std::vector<std::string> rules = {options.promtool, "check", "rules"};
  for (const char* file : {"rules/recording.yml", "rules/alerts.yml"}) {
    if (fs::exists(options.out_dir / file)) {
      rules.push_back((options.out_dir / file).string());
    }
  }
  if (rules.size() > 3) {
    step(rules);
  }
  const auto tests = options.out_dir / "rules/tests/alerts_test.yml";
  if (fs::exists(tests)) {
    step({options.promtool, "test", "rules", tests.string()});
  }
  return ok;
}

void print_table(std::ostream& out, const std::vector<ProbeResult>& results) {
  const std::vector<std::string> header = {"JOB", "INSTANCE", "TARGET", "STATE", "DETAIL"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& result : results) {
    rows.push_back({result.request.job, result.request.instance, result.request.url,
                    result.up ? "up" : "down", result.detail});
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : rows) {
      width[c] = std::max(width[c], row[c].size());
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      text += cells[c];
      if (c + 1 < cells.size()) {
        text += std::string(width[c] - cells[c].size() + 2, ' ');
      }
    }
    out << text << '\n';
  };
  line(header);
  for (const auto& row : rows) {
    line(row);
  }
}

}  // namespace

int run_check(const CheckOptions& options, std::ostream& out) {
  Fleet fleet;
  try {
    fleet = load_fleet(options.fleet_path);
  } catch (const core::config::ConfigError& e) {
    out << "error: " << e.what() << '\n';
    return 1;
  }
  const auto jobs = scrape_jobs(fleet);
  std::size_t target_count = 0;
  for (const auto& job : jobs) {
    target_count += job.targets.size();
  }
  out << options.fleet_name << ": valid (site " << fleet.site << ", " << fleet.workers.size() << " workers, "
      << target_count << " targets)\n";

  bool ok = run_promtool(options, out);

  auto findings = check_generated(fleet, options.out_dir);
  const auto env_path =
      options.env_path.empty() ? options.fleet_path.parent_path() / ".env" : options.env_path;
  auto env_findings = check_env(fleet, env_path);
  findings.insert(findings.end(), env_findings.begin(), env_findings.end());
  for (const auto& finding : findings) {
    const bool error = finding.level == Finding::Level::kError;
    out << (error ? "error: " : "warning: ") << finding.message << '\n';
    ok = ok && !error;
  }
  if (findings.empty()) {
    out << "pitfalls: none found\n";
  }

  if (!options.probe) {
    return ok ? 0 : 1;
  }
  std::vector<ProbeRequest> requests;
  for (const auto& job : jobs) {
    for (const auto& target : job.targets) {
      requests.push_back(
          {job.name, target.instance, job.scheme + "://" + target.probe_address + job.metrics_path});
    }
  }
  out << "\nProbing " << requests.size() << " targets from this host (timeout "
      << static_cast<double>(options.timeout.count()) / 1000.0 << " s):\n";
  auto results = probe_targets(requests, options.timeout);
  print_table(out, results);
  auto down = std::count_if(results.begin(), results.end(), [](const ProbeResult& r) { return !r.up; });
  out << (down == 0 ? std::string("All targets up.")
                    : std::to_string(down) + " of " + std::to_string(results.size()) + " targets down.")
      << '\n';
  return ok && down == 0 ? 0 : 1;
}

}  // namespace dcm::overview
