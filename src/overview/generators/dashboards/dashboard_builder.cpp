#include "overview/generators/dashboards/dashboard_builder.hpp"

namespace dcm::overview {
namespace {

constexpr int kGridColumns = 24;

Json datasource_ref() {
  return Json{{"type", "prometheus"}, {"uid", "${datasource}"}};
}

Json thresholds_json(const std::vector<Threshold>& steps) {
  Json list = Json::array();
  for (const auto& step : steps) {
    list.push_back(Json{{"color", step.color}, {"value", step.value ? Json(*step.value) : Json(nullptr)}});
  }
  return Json{{"mode", "absolute"}, {"steps", list}};
}

Json mappings_json(const std::vector<ValueText>& texts) {
  Json mappings = Json::array();
  if (texts.empty()) {
    return mappings;
  }
  Json options = Json::object();
  int index = 0;
  for (const auto& text : texts) {
    options[text.value] = Json{{"color", text.color}, {"index", index++}, {"text", text.text}};
  }
  mappings.push_back(Json{{"options", options}, {"type", "value"}});
  return mappings;
}

Json targets_json(const Panel& panel) {
  Json targets = Json::array();
  char ref = 'A';
  for (const auto& query : panel.queries) {
    Json target = {{"datasource", datasource_ref()},
                   {"editorMode", "code"},
                   {"expr", query.expr},
                   {"legendFormat", query.legend.empty() ? "__auto" : query.legend},
                   {"range", !query.instant},
                   {"instant", query.instant},
                   {"format", panel.type == "table" ? "table" : "time_series"},
                   {"refId", std::string(1, ref++)}};
    targets.push_back(target);
  }
  return targets;
}

Json options_json(const Panel& panel) {
  const Json reduce = {{"calcs", Json::array({"lastNotNull"})}, {"fields", ""}, {"values", false}};
  if (panel.type == "stat") {
    return Json{{"colorMode", "value"},  {"graphMode", "area"},     {"justifyMode", "auto"},
                {"orientation", "auto"}, {"reduceOptions", reduce}, {"textMode", "auto"}};
  }
  if (panel.type == "bargauge") {
    return Json{{"displayMode", "gradient"},
                {"orientation", "horizontal"},
                {"reduceOptions", reduce},
                {"showUnfilled", true},
                {"valueMode", "color"}};
  }
  if (panel.type == "table") {
    return Json{{"cellHeight", "sm"}, {"showHeader", true}};
  }
  if (panel.type == "state-timeline") {
    return Json{{"alignValue", "left"},
                {"legend", {{"displayMode", "list"}, {"placement", "bottom"}, {"showLegend", true}}},
                {"mergeValues", true},
                {"rowHeight", 0.9},
                {"showValue", "never"},
                {"tooltip", {{"mode", "single"}, {"sort", "none"}}}};
  }
  return Json{{"legend",
               {{"calcs", Json::array({"lastNotNull", "max"})},
                {"displayMode", "table"},
                {"placement", "bottom"},
                {"showLegend", true}}},
              {"tooltip", {{"mode", "multi"}, {"sort", "desc"}}}};
}

Json field_config_json(const Panel& panel) {
  Json defaults = {{"unit", panel.unit},
                   {"thresholds", thresholds_json(panel.thresholds)},
                   {"mappings", mappings_json(panel.value_texts)}};
  if (panel.min) {
    defaults["min"] = *panel.min;
  }
  if (panel.max) {
    defaults["max"] = *panel.max;
  }
  if (panel.decimals) {
    defaults["decimals"] = *panel.decimals;
  }
  if (panel.type == "timeseries") {
    defaults["color"] = Json{{"mode", "palette-classic"}};
    defaults["custom"] = Json{{"drawStyle", "line"},
                              {"fillOpacity", panel.stacked ? 30 : 0},
                              {"lineWidth", 1},
                              {"showPoints", "never"},
                              {"spanNulls", false},
                              {"stacking", {{"group", "A"}, {"mode", panel.stacked ? "normal" : "none"}}},
                              {"thresholdsStyle", {{"mode", panel.thresholds.size() > 1 ? "line" : "off"}}}};
  } else if (panel.type == "table") {
    defaults["color"] = Json{{"mode", "thresholds"}};
    defaults["custom"] = Json{{"align", "auto"}, {"cellOptions", {{"type", "color-text"}}}};
  } else {
    defaults["color"] = Json{{"mode", "thresholds"}};
  }
  return Json{{"defaults", defaults}, {"overrides", Json::array()}};
}

Json transformations_json(const Panel& panel) {
  Json list = Json::array();
  if (panel.type != "table") {
    return list;
  }
  if (panel.queries.size() > 1) {
    list.push_back(Json{{"id", "merge"}, {"options", Json::object()}});
  }
  Json exclude = {{"Time", true}, {"__name__", true}};
  for (const auto& column : panel.hidden_columns) {
    exclude[column] = true;
  }
  list.push_back(Json{{"id", "organize"}, {"options", {{"excludeByName", exclude}}}});
  return list;
}

}  // namespace

Panel stat_panel(std::string title, std::string description, std::string expr, std::string unit,
                 std::vector<Threshold> thresholds) {
  Panel panel;
  panel.type = "stat";
  panel.title = std::move(title);
  panel.description = std::move(description);
  panel.width = 4;
  panel.height = 4;
  panel.unit = std::move(unit);
  panel.thresholds = std::move(thresholds);
  panel.queries = {{std::move(expr), "", true}};
  return panel;
}

Panel timeseries_panel(std::string title, std::string description, std::vector<Query> queries,
                       std::string unit, std::vector<Threshold> thresholds) {
  Panel panel;
  panel.type = "timeseries";
  panel.title = std::move(title);
  panel.description = std::move(description);
  panel.unit = std::move(unit);
  panel.thresholds = std::move(thresholds);
  panel.queries = std::move(queries);
  return panel;
}

Panel table_panel(std::string title, std::string description, std::vector<std::string> exprs) {
  Panel panel;
  panel.type = "table";
  panel.title = std::move(title);
  panel.description = std::move(description);
  panel.unit = "none";
  for (auto& expr : exprs) {
    panel.queries.push_back({std::move(expr), "", true});
  }
  return panel;
}

std::vector<Threshold> rising(double warning, double critical) {
  return {{std::nullopt, "green"}, {warning, "orange"}, {critical, "red"}};
}

std::vector<Threshold> falling(double critical, double warning) {
  return {{std::nullopt, "red"}, {critical, "orange"}, {warning, "green"}};
}

Dashboard::Dashboard(std::string uid, std::string title, std::string description, std::string tag)
    : uid_(std::move(uid)),
      title_(std::move(title)),
      description_(std::move(description)),
      tag_(std::move(tag)) {}

void Dashboard::variable(Variable variable) {
  variables_.push_back(std::move(variable));
}

void Dashboard::row(std::string title) {
  items_.push_back(Item{true, std::move(title), {}});
}

void Dashboard::panel(Panel panel) {
  items_.push_back(Item{false, {}, std::move(panel)});
}

Json Dashboard::build(const RenderContext& context) const {
  Json panels = Json::array();
  int id = 1;
  int x = 0;
  int y = 0;
  int line_height = 0;
  for (const auto& item : items_) {
    if (item.is_row) {
      y += line_height;
      x = 0;
      line_height = 0;
      panels.push_back(Json{{"collapsed", false},
                            {"gridPos", {{"h", 1}, {"w", kGridColumns}, {"x", 0}, {"y", y}}},
                            {"id", id++},
                            {"panels", Json::array()},
                            {"title", item.row_title},
                            {"type", "row"}});
      y += 1;
      continue;
    }
    const auto& panel = item.panel;
    if (x + panel.width > kGridColumns) {
      y += line_height;
      x = 0;
      line_height = 0;
    }
    Json json = {{"datasource", datasource_ref()},
                 {"description", panel.description},
                 {"fieldConfig", field_config_json(panel)},
                 {"gridPos", {{"h", panel.height}, {"w", panel.width}, {"x", x}, {"y", y}}},
                 {"id", id++},
                 {"options", options_json(panel)},
                 {"targets", targets_json(panel)},
                 {"title", panel.title},
                 {"transformations", transformations_json(panel)},
                 {"type", panel.type}};
    panels.push_back(json);
    x += panel.width;
    line_height = std::max(line_height, panel.height);
  }

  Json variables = Json::array();
  variables.push_back(Json{{"current", Json::object()},
                           {"hide", 0},
                           {"includeAll", false},
                           {"label", "Data source"},
                           {"multi", false},
                           {"name", "datasource"},
                           {"options", Json::array()},
                           {"query", "prometheus"},
                           {"refresh", 1},
                           {"regex", ""},
                           {"type", "datasource"}});
  for (const auto& variable : variables_) {
    variables.push_back(Json{
        {"allValue", ".*"},
        {"current", {{"selected", true}, {"text", Json::array({"All"})}, {"value", Json::array({"$__all"})}}},
        {"datasource", datasource_ref()},
        {"definition", variable.query},
        {"hide", 0},
        {"includeAll", true},
        {"label", variable.label},
        {"multi", true},
        {"name", variable.name},
        {"options", Json::array()},
        {"query", variable.query},
        {"refresh", 2},
        {"regex", ""},
        {"sort", 1},
        {"type", "query"}});
  }

  return Json{{"annotations",
               {{"list", Json::array({Json{{"builtIn", 1},
                                           {"datasource", {{"type", "grafana"}, {"uid", "-- Grafana --"}}},
                                           {"enable", true},
                                           {"hide", true},
                                           {"iconColor", "rgba(0, 211, 255, 1)"},
                                           {"name", "Annotations & Alerts"},
                                           {"type", "dashboard"}}})}}},
              {"description", description_ + " " + generated_note(context)},
              {"editable", true},
              {"fiscalYearStartMonth", 0},
              {"graphTooltip", 1},
              {"links", Json::array({Json{{"asDropdown", true},
                                          {"icon", "external link"},
                                          {"includeVars", false},
                                          {"keepTime", true},
                                          {"tags", Json::array({"dc-overview"})},
                                          {"targetBlank", false},
                                          {"title", "DC dashboards"},
                                          {"type", "dashboards"}}})},
              {"panels", panels},
              {"refresh", "30s"},
              {"schemaVersion", 39},
              {"tags", Json::array({"dc-overview", tag_})},
              {"templating", {{"list", variables}}},
              {"time", {{"from", "now-6h"}, {"to", "now"}}},
              {"timepicker", Json::object()},
              {"timezone", "browser"},
              {"title", title_},
              {"uid", uid_},
              {"version", 1}};
}

}  // namespace dcm::overview
