// Every PromQL expression dc-overview writes (recording rules, alerts, dashboard panels, dashboard
// variables), for the shipped example and the fixture fleets, uses only metric names and labels from the
// known-metric table or from our own recording rules: the mistakes of today's dashboards (nvidia_smi_*
// names nobody exports, up{job="node"} without such a job, labels nobody emits, gpu="0".."7") fail here.
#include "overview/known_metrics.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "overview/generators/rules.hpp"
#include "overview/inventory.hpp"
#include "overview/promql_refs.hpp"
#include "overview/scrape_jobs.hpp"
#include "tests/support/overview_expressions.hpp"
#include "tests/support/paths.hpp"

namespace dcm::overview {
namespace {

std::vector<std::pair<std::string, Fleet>> fleets() {
  std::vector<std::pair<std::string, Fleet>> out;
  out.emplace_back("example", load_fleet(test::source_path("deploy/examples/fleet.yaml")));
  for (const char* name : {"letsencrypt", "traefik", "host_prometheus"}) {
    out.emplace_back(name, load_fleet(test::fixture_path(std::string("overview/fleets/") + name + ".yaml")));
  }
  return out;
}

bool has_word(const std::string& words, std::string_view word) {
  std::string_view rest = words;
  while (!rest.empty()) {
    auto space = rest.find(' ');
    if (rest.substr(0, space) == word) {
      return true;
    }
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  return false;
}

TEST(KnownMetrics, NamesAreUniqueAndEachSaysWhereItComesFrom) {
  std::set<std::string_view> names;
  for (const auto& metric : known_metrics()) {
    EXPECT_TRUE(names.insert(metric.name).second) << metric.name << " listed twice";
    EXPECT_FALSE(metric.where.empty()) << metric.name;
  }
  EXPECT_NE(find_known_metric("DCGM_FI_DEV_VRAM_TEMP"), nullptr);
  EXPECT_EQ(find_known_metric("nvidia_smi_temperature_gpu"), nullptr);
  EXPECT_TRUE(metric_has_label(*find_known_metric("GPU_AER_TOTAL_ERRORS"), "severity"));
  EXPECT_TRUE(metric_has_label(*find_known_metric("GPU_AER_TOTAL_ERRORS"), "instance"));
  EXPECT_FALSE(metric_has_label(*find_known_metric("GPU_AER_TOTAL_ERRORS"), "reason"));
}

TEST(KnownMetrics, EveryExpressionUsesOnlyKnownNamesAndLabels) {
  for (const auto& [fleet_name, fleet] : fleets()) {
    std::map<std::string, std::string> recorded;  // record -> labels
    for (const auto& rule : recording_rules(fleet)) {
      recorded[rule.record] = rule.labels;
    }
    int checked = 0;
    for (const auto& expression : test::overview_expressions(fleet)) {
      SCOPED_TRACE(fleet_name + ": " + expression.where + ": " + expression.expr);
      PromqlRefs refs;
      ASSERT_NO_THROW(refs = scan_promql(expression.expr));
      ASSERT_FALSE(refs.selectors.empty());
      for (const auto& selector : refs.selectors) {
        ASSERT_FALSE(selector.metric.empty()) << "a selector without a metric name";
        const auto* known = find_known_metric(selector.metric);
        auto record = recorded.find(selector.metric);
        ASSERT_TRUE(known != nullptr || record != recorded.end())
            << selector.metric << " is neither in the known-metric table nor one of our recording rules";
        for (const auto& matcher : selector.matchers) {
          const bool allowed = known != nullptr ? metric_has_label(*known, matcher.label)
                                                : has_word(record->second, matcher.label);
          EXPECT_TRUE(allowed) << selector.metric << " has no label " << matcher.label;
          EXPECT_NE(matcher.label, "gpu") << "a panel or rule picks GPUs by index";
        }
        if (expression.kind == test::OverviewExpression::Kind::kVariable) {
          const bool allowed = known != nullptr ? metric_has_label(*known, expression.label)
                                                : has_word(record->second, expression.label);
          EXPECT_TRUE(allowed) << "variable lists label " << expression.label << " of " << selector.metric;
        }
      }
      ++checked;
    }
    EXPECT_GT(checked, 40) << fleet_name;
  }
}

TEST(KnownMetrics, EveryJobNamedInARuleOrPanelIsScraped) {
  for (const auto& [fleet_name, fleet] : fleets()) {
    std::set<std::string> jobs;
    for (const auto& job : scrape_jobs(fleet)) {
      jobs.insert(job.name);
    }
    for (const auto& expression : test::overview_expressions(fleet)) {
      for (const auto& selector : scan_promql(expression.expr).selectors) {
        for (const auto& matcher : selector.matchers) {
          if (matcher.label != "job" || matcher.value.starts_with("$") || matcher.value == ".+" ||
              matcher.value == ".*") {
            continue;
          }
          std::string_view rest = matcher.value;
          while (!rest.empty()) {
            auto bar = rest.find('|');
            auto job = std::string(rest.substr(0, bar));
            EXPECT_TRUE(jobs.count(job)) << fleet_name << ": " << expression.where << " selects job '" << job
                                         << "', which prometheus.yml does not have";
            rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
          }
        }
      }
    }
  }
}

TEST(KnownMetrics, EveryRecordingRuleFeedsADashboard) {
  for (const auto& [fleet_name, fleet] : fleets()) {
    std::set<std::string> used;
    for (const auto& expression : test::overview_expressions(fleet)) {
      if (expression.kind == test::OverviewExpression::Kind::kPanel) {
        for (const auto& selector : scan_promql(expression.expr).selectors) {
          used.insert(selector.metric);
        }
      }
    }
    for (const auto& rule : recording_rules(fleet)) {
      EXPECT_TRUE(used.count(rule.record))
          << fleet_name << ": " << rule.record << " is recorded but never shown";
    }
  }
}

TEST(KnownMetrics, RulesLeaveOutProgramsTheFleetDoesNotRun) {
  auto fleet = load_fleet(test::fixture_path("overview/fleets/host_prometheus.yaml"));
  for (const auto& expression : test::overview_expressions(fleet)) {
    for (const auto& selector : scan_promql(expression.expr).selectors) {
      const auto* known = find_known_metric(selector.metric);
      if (known != nullptr) {
        EXPECT_NE(known->source, MetricSource::kIpmiMonitor) << expression.where;
        EXPECT_NE(known->source, MetricSource::kDcWatchdog) << expression.where;
        EXPECT_NE(known->source, MetricSource::kVastaiExporter) << expression.where;
      }
    }
  }
}

}  // namespace
}  // namespace dcm::overview
