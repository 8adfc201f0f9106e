// Grafana dashboards as data: panels with their queries, unit and thresholds, laid out left to right on
// Grafana's 24-column grid. Every dashboard gets a `datasource` variable (no data source uid is baked in),
// `job` and `instance` query variables, a unique uid, and panel ids unique within it. The JSON follows
// the current dashboard schema (schemaVersion 39).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "overview/output.hpp"

namespace dcm::overview {

using Json = nlohmann::ordered_json;

struct Query {
  std::string expr;
  std::string legend;    // legendFormat; "" for Grafana's default
  bool instant = false;  // one value per series (stat, bar gauge, table)
};

struct Threshold {
  std::optional<double> value;  // nullopt: the base colour
  std::string color;
};

struct ValueText {
  std::string value;
  std::string text;
  std::string color;
};

struct Panel {
  std::string type;  // "stat", "timeseries", "table", "bargauge", "state-timeline"
  std::string title;
  std::string description;
  int width = 12;
  int height = 8;
  std::string unit = "short";
  std::optional<double> min;
  std::optional<double> max;
  std::optional<int> decimals;
  std::vector<Threshold> thresholds = {{std::nullopt, "green"}};
  std::vector<ValueText> value_texts;  // value mappings ("0" -> "down")
  std::vector<Query> queries;
  bool stacked = false;
  std::vector<std::string> hidden_columns;  // tables: label columns not worth a column
};

struct Variable {
  std::string name;
  std::string label;
  std::string query;  // Grafana's label_values(...)
};

class Dashboard {
 public:
  Dashboard(std::string uid, std::string title, std::string description, std::string tag);

  // After `datasource`, which every dashboard has.
  void variable(Variable variable);
  void row(std::string title);
  void panel(Panel panel);

  Json build(const RenderContext& context) const;

 private:
  struct Item {
    bool is_row = false;
    std::string row_title;
    Panel panel;
  };

  std::string uid_, title_, description_, tag_;
  std::vector<Variable> variables_;
  std::vector<Item> items_;
};

// The common panel shapes. Stat panels are 4x4 and take one instant query; tables take instant queries
// (several are merged on their labels); time series are 12x8.
Panel stat_panel(std::string title, std::string description, std::string expr, std::string unit = "short",
                 std::vector<Threshold> thresholds = {{std::nullopt, "green"}});
Panel timeseries_panel(std::string title, std::string description, std::vector<Query> queries,
                       std::string unit, std::vector<Threshold> thresholds = {{std::nullopt, "green"}});
Panel table_panel(std::string title, std::string description, std::vector<std::string> exprs);

// Threshold steps for "higher is worse": green, orange from `warning`, red from `critical`.
std::vector<Threshold> rising(double warning, double critical);
// For "lower is worse": red below `critical`, orange below `warning`, green above.
std::vector<Threshold> falling(double critical, double warning);

// `label="value"` matchers for the usual variables: `job=~"$job", instance=~"$instance"`.
inline constexpr const char* kJobInstance = "job=~\"$job\", instance=~\"$instance\"";

}  // namespace dcm::overview
