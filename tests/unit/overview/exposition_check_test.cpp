#include "overview/check/exposition_check.hpp"

#include <gtest/gtest.h>

namespace dcm::overview {
namespace {

TEST(ExpositionCheck, AcceptsTheTextFormat) {
  auto check = check_exposition(
      "# HELP up x\n# TYPE up gauge\nup 1\nfoo{a=\"b\",c=\"d \\\" e\"} 2.5e3 1700000000000\n"
      "bar{} NaN\nbaz +Inf\n\n# EOF\n");
  EXPECT_TRUE(check.ok) << check.problem;
  EXPECT_EQ(check.samples, 4u);
}

TEST(ExpositionCheck, AcceptsAnExporterWithNothingToReportYet) {
  EXPECT_TRUE(check_exposition("").ok);
  EXPECT_TRUE(check_exposition("# HELP x y\n# TYPE x gauge\n").ok);
}

TEST(ExpositionCheck, RejectsWhatIsNotTheTextFormat) {
  struct Case {
    const char* body;
    const char* problem;
  };
  const Case cases[] = {
      {"<!DOCTYPE html>\n<html><body>Login</body></html>\n", "line 1: '<!DOCTYPE html>' is not a sample"},
      {"{\"status\": \"ok\"}\n", "line 1: '{\"status\": \"ok\"}' is not a sample"},
      {"up 1\nup{job=\"x} 2\n", "line 2: 'up{job=\"x} 2' is not a sample"},
      {"up one\n", "line 1: 'up one' is not a sample"},
      {"up 1 2 3\n", "line 1: 'up 1 2 3' is not a sample"},
  };
  for (const auto& c : cases) {
    auto check = check_exposition(c.body);
    EXPECT_FALSE(check.ok) << c.body;
    EXPECT_EQ(check.problem, c.problem);
  }
}

}  // namespace
}  // namespace dcm::overview
