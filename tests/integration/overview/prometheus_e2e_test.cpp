// A real Prometheus (Debian's) loads the prometheus.yml that dc-overview generates for a loopback fleet of
// real exporters (dc-exporter on the eight-GPU fixture, one reading an ipmi_sim BMC, and
// prometheus-node-exporter). After the scrapes have come in, every recording rule and every dashboard
// query over dc-exporter's and node_exporter's metrics returns data, and every alert expression evaluates.
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "overview/generators/rules.hpp"
#include "overview/inventory.hpp"
#include "overview/known_metrics.hpp"
#include "overview/promql_refs.hpp"
#include "tests/integration/overview/loopback_fleet.hpp"
#include "tests/support/overview_expressions.hpp"

namespace dcm::test {
namespace {

using overview::MetricSource;

// Programs this test does not run, so panels over their metrics are exempt until they do:
const std::map<MetricSource, const char*> kAbsentPrograms = {
    {MetricSource::kIpmiMonitor, "ipmi-monitor is issue 4; its /metrics is not in this repository yet"},
    {MetricSource::kDcWatchdog, "dc-watchdog is issue 5; not in this repository yet"},
    {MetricSource::kVastaiExporter, "vastai-exporter needs a Vast.ai account"},
    {MetricSource::kDcgmExporter, "dcgm-exporter needs NVIDIA's DCGM and a real GPU"},
};
// Series that exist only while something is wrong.
const std::map<std::string, const char*> kOnlyWhenSomethingIsWrong = {
    {"ALERTS", "no alert has been firing for its `for:` within this test"},
};

// Why an expression is exempt, or "" when it must return data here.
std::string exemption(const std::string& expr, const std::set<std::string>& recorded) {
  for (const auto& selector : overview::scan_promql(expr).selectors) {
    if (auto it = kOnlyWhenSomethingIsWrong.find(selector.metric); it != kOnlyWhenSomethingIsWrong.end()) {
      return it->second;
    }
    if (recorded.count(selector.metric)) {
      continue;
    }
    const auto* known = overview::find_known_metric(selector.metric);
    if (known == nullptr) {
      return "";  // known_metrics_test fails it; here it must simply have data
    }
    auto absent_source = kAbsentPrograms.find(known->source);
    auto absent_also = kAbsentPrograms.find(known->also_from);
    if (absent_source != kAbsentPrograms.end() && absent_also != kAbsentPrograms.end()) {
      return absent_source->second;
    }
  }
  return "";
}

// Polls an instant query until it returns at least one series, or `limit` passes.
bool has_data(int port, const std::string& expr, std::chrono::seconds limit, std::string& last) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  do {
    auto body = prometheus_query(port, expr);
    last = body.value_or("(no answer)");
    if (body) {
      auto json = nlohmann::json::parse(*body, nullptr, false);
      if (!json.is_discarded() && json.value("status", "") == "success" && !json["data"]["result"].empty()) {
        return true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

TEST(OverviewPrometheus, EveryRecordingRuleAndDashboardQueryHasDataFromARealFleet) {
  ASSERT_TRUE(have_program("prometheus")) << "prometheus is missing: run scripts/deps";
  ASSERT_TRUE(have_program("prometheus-node-exporter"))
      << "prometheus-node-exporter is missing: run scripts/deps";
  LoopbackFleet fleet_processes({});
  ASSERT_TRUE(fleet_processes.setup_ok());
  const auto& dir = fleet_processes.dir();

  const int prometheus_port = free_port();
  // ipmi-monitor, vastai-exporter, the watchdog and a dcgm-exporter worker are in the fleet (so their rules
  // and dashboards are generated and loaded) on ports where nothing listens.
  const std::string fleet_yaml =
      "site: loopback\n"
      "prometheus:\n"
      "  runs_in: host\n"
      "  port: " +
      std::to_string(prometheus_port) +
      "\n"
      "  scrape_interval: 1s\n"
      "  slow_scrape_interval: 2s\n"
      "master:\n"
      "  ip: 127.0.0.1\n"
      "  node_exporter_port: " +
      std::to_string(fleet_processes.node_exporter_port()) +
      "\n"
      "ipmi_monitor:\n"
      "  port: " +
      std::to_string(free_port()) +
      "\n"
      "vastai:\n"
      "  enabled: true\n"
      "  port: " +
      std::to_string(free_port()) +
      "\n"
      "watchdog:\n"
      "  url: http://127.0.0.1:" +
      std::to_string(free_port()) +
      "\n"
      "workers:\n"
      "  - name: gpu-worker-a\n"
      "    ip: 127.0.0.1\n"
      "    exporters: [dc_exporter]\n"
      "    ports: {dc_exporter: " +
      std::to_string(fleet_processes.dc_exporter_port(0)) +
      "}\n"
      "  - name: gpu-worker-b\n"
      "    ip: 127.0.0.1\n"
      "    exporters: [dc_exporter]\n"
      "    ports: {dc_exporter: " +
      std::to_string(fleet_processes.dc_exporter_port(1)) +
      "}\n"
      "  - name: gpu-worker-c\n"
      "    ip: 127.0.0.2\n"
      "    exporters: [dcgm_exporter]\n"
      "    ports: {dcgm_exporter: " +
      std::to_string(free_port()) + "}\n";
  write_file(dir / "fleet.yaml", fleet_yaml);
  auto generate = run_process({binary_path("dc-overview").string(), "generate", "--fleet",
                               (dir / "fleet.yaml").string(), "--out", (dir / "generated").string()});
  ASSERT_EQ(generate.exit_code, 0) << generate.out << generate.err;

  ChildProcess prometheus({"prometheus", "--config.file=" + (dir / "generated/prometheus.yml").string(),
                           "--storage.tsdb.path=" + (dir / "tsdb").string(),
                           "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port)});
  ASSERT_TRUE(wait_for_http("127.0.0.1", prometheus_port, "/-/ready", std::chrono::seconds(60)))
      << prometheus.err();

  const auto fleet = overview::load_fleet(dir / "fleet.yaml");
  // The rule files are loaded: as many rules as dc-overview wrote (no dropped rule_files).
  std::size_t written = overview::recording_rules(fleet).size();
  for (const auto& group : overview::alert_groups(fleet)) {
    written += group.rules.size();
  }
  // Polled: the rule manager starts its groups just after /-/ready.
  std::size_t loaded = 0;
  const auto rules_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (loaded < written && std::chrono::steady_clock::now() < rules_deadline) {
    loaded = 0;
    if (auto body = http_get("127.0.0.1", prometheus_port, "/api/v1/rules")) {
      auto json = nlohmann::json::parse(*body, nullptr, false);
      if (!json.is_discarded()) {
        for (const auto& group : json["data"]["groups"]) {
          loaded += group["rules"].size();
        }
      }
    }
    if (loaded < written) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  EXPECT_EQ(loaded, written) << http_get("127.0.0.1", prometheus_port, "/api/v1/rules").value_or("(no answer)");

  // Two scrape intervals: the counters under rate() and increase() have two samples.
  std::string last;
  ASSERT_TRUE(has_data(prometheus_port, "count_over_time(up{job=\"dc-exporter\"}[1m]) >= 3",
                       std::chrono::seconds(60), last))
      << last << prometheus.err();
  ASSERT_TRUE(
      has_data(prometheus_port, "count_over_time(up{job=\"node\"}[1m]) >= 3", std::chrono::seconds(30), last))
      << last;

  std::set<std::string> recorded;
  for (const auto& rule : overview::recording_rules(fleet)) {
    recorded.insert(rule.record);
  }
  int checked = 0;
  int exempt = 0;
  std::vector<std::string> failures;
  std::map<std::string, int> exempt_reasons;
  for (const auto& expression : overview_expressions(fleet)) {
    const auto expr = substitute_grafana_variables(expression.expr);
    switch (expression.kind) {
      case OverviewExpression::Kind::kRecording:
        if (!has_data(prometheus_port, expression.where.substr(std::string("recording ").size()),
                      std::chrono::seconds(20), last)) {
          failures.push_back(expression.where + ": no data (" + last + ")");
        }
        ++checked;
        break;
      case OverviewExpression::Kind::kAlert: {
        // Valid and evaluable; whether it has data depends on something being wrong.
        auto body = prometheus_query(prometheus_port, expr);
        if (!body || nlohmann::json::parse(*body).value("status", "") != "success") {
          failures.push_back(expression.where + ": " + body.value_or("(no answer)"));
        }
        break;
      }
      case OverviewExpression::Kind::kPanel:
      case OverviewExpression::Kind::kVariable: {
        auto reason = exemption(expr, recorded);
        if (!reason.empty()) {
          ++exempt;
          ++exempt_reasons[reason];
          break;
        }
        if (!has_data(prometheus_port, expr, std::chrono::seconds(20), last)) {
          failures.push_back(expression.where + ": no data for " + expr + " (" + last + ")");
        }
        ++checked;
        break;
      }
    }
  }
  for (const auto& failure : failures) {
    ADD_FAILURE() << failure;
  }
  std::string summary;
  for (const auto& [reason, count] : exempt_reasons) {
    summary += "\n  " + std::to_string(count) + " exempt: " + reason;
  }
  std::cout << checked << " queries returned data; " << exempt << " exempt:" << summary << '\n';
  EXPECT_GE(checked, 50);
}

}  // namespace
}  // namespace dcm::test
