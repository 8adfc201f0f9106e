#include "core/metrics/text_writer.hpp"

#include <clocale>
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace dcm::core::metrics {
namespace {

TEST(TextWriter, WritesHelpTypeAndSamplesSortedByFamilyName) {
  MetricSet set;
  set.add("zeta", "last family", MetricType::kGauge, {}, 1);
  set.add("alpha_total", "first family", MetricType::kCounter, {{"b", "2"}, {"a", "1"}}, 7);
  EXPECT_EQ(TextWriter::write(set),
            "# HELP alpha_total first family\n# TYPE alpha_total counter\nalpha_total{b=\"2\",a=\"1\"} 7\n"
            "# HELP zeta last family\n# TYPE zeta gauge\nzeta 1\n");
}

TEST(TextWriter, EscapesBackslashQuoteAndNewlineInLabelValue) {
  MetricSet set;
  set.add("m", "h", MetricType::kGauge, {{"path", "C:\\dir \"x\"\nnext"}}, 1);
  EXPECT_NE(TextWriter::write(set).find("m{path=\"C:\\\\dir \\\"x\\\"\\nnext\"} 1\n"), std::string::npos);
}

TEST(TextWriter, EscapesBackslashAndNewlineInHelp) {
  EXPECT_EQ(TextWriter::escape_help("a\\b\nc \"q\""), "a\\\\b\\nc \"q\"");
}

TEST(TextWriter, FormatsSpecialValuesAsPrometheusSpellsThem) {
  EXPECT_EQ(TextWriter::format_value(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(TextWriter::format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(TextWriter::format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(TextWriter::format_value(42), "42");
  EXPECT_EQ(TextWriter::format_value(-3), "-3");
  EXPECT_EQ(TextWriter::format_value(0.5), "0.5");
  EXPECT_EQ(TextWriter::format_value(81.25), "81.25");
  EXPECT_EQ(TextWriter::format_value(1e300), "1e+300");
}

TEST(TextWriter, IgnoresACommaDecimalLocale) {
  const char* previous = std::setlocale(LC_ALL, nullptr);
  std::string saved = previous ? previous : "C";
  if (std::setlocale(LC_ALL, "de_DE.UTF-8") == nullptr) {
    // The locale may not be generated on this machine; the formatting path is the same either way.
    std::setlocale(LC_NUMERIC, "C");
  }
  EXPECT_EQ(TextWriter::format_value(0.25), "0.25");
  std::setlocale(LC_ALL, saved.c_str());
}

TEST(TextWriter, LeavesOutFamiliesWithoutSamples) {
  MetricSet set;
  set.family("empty", "nothing", MetricType::kGauge);
  EXPECT_EQ(TextWriter::write(set), "");
}

TEST(TextWriter, RejectsInvalidLabelName) {
  MetricSet set;
  set.add("m", "h", MetricType::kGauge, {{"bad-label", "x"}}, 1);
  EXPECT_THROW(TextWriter::write(set), std::invalid_argument);
}

TEST(MetricSet, MergesSamplesOfTheSameFamily) {
  MetricSet a, b;
  a.add("temp", "h", MetricType::kGauge, {{"gpu", "0"}}, 50);
  b.add("temp", "h", MetricType::kGauge, {{"gpu", "1"}}, 60);
  a.merge(b);
  ASSERT_EQ(a.families().size(), 1u);
  EXPECT_EQ(a.families()[0].samples.size(), 2u);
}

TEST(MetricSet, RejectsInvalidNamesAndTypeConflicts) {
  MetricSet set;
  EXPECT_THROW(set.family("1bad", "h", MetricType::kGauge), std::invalid_argument);
  set.family("ok", "h", MetricType::kGauge);
  EXPECT_THROW(set.family("ok", "h", MetricType::kCounter), std::invalid_argument);
}

TEST(MetricNames, FollowTheExpositionGrammar) {
  EXPECT_TRUE(is_valid_metric_name("DCGM_FI_DEV_VRAM_TEMP"));
  EXPECT_TRUE(is_valid_metric_name("ns:rule_name"));
  EXPECT_FALSE(is_valid_metric_name(""));
  EXPECT_FALSE(is_valid_metric_name("a-b"));
  EXPECT_TRUE(is_valid_label_name("modelName"));
  EXPECT_FALSE(is_valid_label_name("__reserved"));
  EXPECT_FALSE(is_valid_label_name("a:b"));
}

}  // namespace
}  // namespace dcm::core::metrics
