#include "tests/support/overview_expressions.hpp"

#include <stdexcept>

#include "overview/generators/dashboards/dashboards.hpp"
#include "overview/generators/rules.hpp"

namespace dcm::test {

std::vector<OverviewExpression> overview_expressions(const overview::Fleet& fleet) {
  using Kind = OverviewExpression::Kind;
  std::vector<OverviewExpression> out;
  for (const auto& rule : overview::recording_rules(fleet)) {
    out.push_back({Kind::kRecording, "recording " + rule.record, rule.expr, ""});
  }
  for (const auto& group : overview::alert_groups(fleet)) {
    for (const auto& rule : group.rules) {
      out.push_back({Kind::kAlert, "alert " + rule.name, rule.expr, ""});
    }
  }
  for (const auto& dashboard : overview::render_dashboards(fleet, {})) {
    const std::string uid = dashboard.json.at("uid");
    for (const auto& panel : dashboard.json.at("panels")) {
      if (panel.at("type") == "row") {
        continue;
      }
      for (const auto& target : panel.at("targets")) {
        out.push_back({Kind::kPanel,
                       "dashboard " + uid + " panel '" + panel.at("title").get<std::string>() + "'",
                       target.at("expr"), ""});
      }
    }
    for (const auto& variable : dashboard.json.at("templating").at("list")) {
      if (variable.at("type") != "query") {
        continue;
      }
      const std::string query = variable.at("query");
      // label_values(SELECTOR, LABEL)
      if (!query.starts_with("label_values(") || query.back() != ')') {
        throw std::runtime_error(uid + ": variable query '" + query +
                                 "' is not label_values(selector, label)");
      }
      auto inner = query.substr(13, query.size() - 14);
      auto comma = inner.rfind(',');
      auto label = inner.substr(comma + 1);
      label.erase(0, label.find_first_not_of(' '));
      out.push_back({Kind::kVariable,
                     "dashboard " + uid + " variable $" + variable.at("name").get<std::string>(),
                     inner.substr(0, comma), label});
    }
  }
  return out;
}

std::string substitute_grafana_variables(std::string expr) {
  auto replace_all = [&expr](const std::string& from, const std::string& to) {
    for (auto pos = expr.find(from); pos != std::string::npos; pos = expr.find(from, pos + to.size())) {
      expr.replace(pos, from.size(), to);
    }
  };
  replace_all("$__rate_interval", "1m");
  replace_all("$__interval", "15s");
  for (const char* name : {"$instance", "$job", "$server", "$site"}) {
    replace_all(name, ".*");
  }
  if (expr.find('$') != std::string::npos) {
    throw std::runtime_error("unknown Grafana variable left in: " + expr);
  }
  return expr;
}

}  // namespace dcm::test
