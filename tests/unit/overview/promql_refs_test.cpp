#include "overview/promql_refs.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace dcm::overview {
namespace {

std::vector<std::string> metrics_of(std::string_view expr) {
  std::vector<std::string> names;
  for (const auto& selector : scan_promql(expr).selectors) {
    names.push_back(selector.metric);
  }
  return names;
}

struct Case {
  const char* expr;
  std::vector<std::string> metrics;
};

TEST(PromqlRefs, TellsMetricNamesFromFunctionsKeywordsAndLabels) {
  const Case cases[] = {
      {"up", {"up"}},
      {"up{job=\"node\"} == 0", {"up"}},
      {"max by (job, instance) (DCGM_FI_DEV_VRAM_TEMP)", {"DCGM_FI_DEV_VRAM_TEMP"}},
      {"sum without (severity) (increase(GPU_AER_TOTAL_ERRORS{severity=~\"nonfatal|fatal\"}[15m])) > 0",
       {"GPU_AER_TOTAL_ERRORS"}},
      {"1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes",
       {"node_memory_MemAvailable_bytes", "node_memory_MemTotal_bytes"}},
      {"a == 0 and on (job, instance, gpu) (b > 70 or c > 70)", {"a", "b", "c"}},
      {"x unless on (instance) (max by (instance) (up{job=~\"a|b\"}) == 0)", {"x", "up"}},
      {"count(ALERTS{alertstate=\"firing\"}) or vector(0)", {"ALERTS"}},
      {"time() - node_boot_time_seconds{instance=~\"$instance\"}", {"node_boot_time_seconds"}},
      {"rate(x_total[$__rate_interval]) offset 5m", {"x_total"}},
      {"sum(x) by (a)", {"x"}},
      {"topk(5, x) * 1e3 + 0.5", {"x"}},
      {"label_replace(x, \"a\", \"$1\", \"b\", \"(.*)\")", {"x"}},
      {"histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))", {"h_bucket"}},
      {"instance:node_cpu_utilisation:rate5m", {"instance:node_cpu_utilisation:rate5m"}},
      {"-sum by (instance) (rate(w[1m]))", {"w"}},
      {"{__name__=~\"foo.*\"}", {""}},
      {"x # a comment naming y\n", {"x"}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(metrics_of(c.expr), c.metrics) << c.expr;
  }
}

TEST(PromqlRefs, KeepsMatchersWithTheirSelector) {
  auto refs = scan_promql("a{job=~\"$job\", reason!=\"GpuIdle\"} - on (instance, gpu) b {x='y'}");
  ASSERT_EQ(refs.selectors.size(), 2u);
  ASSERT_EQ(refs.selectors[0].matchers.size(), 2u);
  EXPECT_EQ(refs.selectors[0].matchers[0].label, "job");
  EXPECT_EQ(refs.selectors[0].matchers[0].op, "=~");
  EXPECT_EQ(refs.selectors[0].matchers[0].value, "$job");
  EXPECT_EQ(refs.selectors[0].matchers[1].label, "reason");
  EXPECT_EQ(refs.selectors[0].matchers[1].op, "!=");
  ASSERT_EQ(refs.selectors[1].matchers.size(), 1u);
  EXPECT_EQ(refs.selectors[1].matchers[0].value, "y");
  EXPECT_EQ(refs.grouping_labels, (std::vector<std::string>{"instance", "gpu"}));
}

TEST(PromqlRefs, RejectsBrokenExpressions) {
  for (const char* bad : {"up{job=\"node}", "up{job}", "x[5m", "a}", "up{job=node}"}) {
    EXPECT_THROW(scan_promql(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace dcm::overview
