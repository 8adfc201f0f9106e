// What a PromQL expression refers to: its vector selectors (metric name and label matchers) and the
// labels of its by/without/on/ignoring/group_* clauses. A scanner, not a parser: it knows PromQL's
// lexical shape (strings, {matchers}, [ranges], functions, keywords, Grafana's $variables) well enough to
// tell a metric name from a function, keyword or label, which is what the known-name checks need.
// promtool checks the syntax proper.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dcm::overview {

struct LabelMatcher {
  std::string label;
  std::string op;  // "=", "!=", "=~", "!~"
  std::string value;
};

struct VectorSelector {
  std::string metric;  // empty for a selector without a name ({__name__=~"..."})
  std::vector<LabelMatcher> matchers;
};

struct PromqlRefs {
  std::vector<VectorSelector> selectors;
  std::vector<std::string> grouping_labels;
};

// Throws std::invalid_argument naming the problem for an unterminated string or an unbalanced bracket.
PromqlRefs scan_promql(std::string_view expr);

}  // namespace dcm::overview
