#include "core/metrics/text_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace dcm::core::metrics {
namespace {

const char* type_name(MetricType type) {
  switch (type) {
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kCounter:
      return "counter";
    case MetricType::kUntyped:
      break;
  }
  return "untyped";
}

void write_labels(std::string& out, const Labels& labels) {
  if (labels.empty()) {
    return;
  }
  out += '{';
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!is_valid_label_name(name)) {
      throw std::invalid_argument("invalid label name '" + name + "'");
    }
    if (!first) {
      out += ',';
    }
    first = false;
    out += name;
    out += "=\"";
    out += TextWriter::escape_label_value(value);
    out += '"';
  }
  out += '}';
}

}  // namespace

std::string TextWriter::format_value(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  char buffer[64];
  // Whole numbers print without exponent or fraction ("42", not "4.2e+01"), up to 2^53 where doubles are
  // exact.
  if (std::trunc(value) == value && std::fabs(value) < 9007199254740992.0) {
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
    return std::string(buffer, end);
  }
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

std::string TextWriter::escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string TextWriter::escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string TextWriter::write(std::span<const Family> families) {
  std::vector<const Family*> order;
  order.reserve(families.size());
  for (const auto& family : families) {
    if (!family.samples.empty()) {
      order.push_back(&family);
    }
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const Family* a, const Family* b) { return a->name < b->name; });

  std::string out;
  out.reserve(order.size() * 256);
  for (const Family* family : order) {
    out += "# HELP ";
    out += family->name;
    out += ' ';
    out += escape_help(family->help);
    out += "\n# TYPE ";
    out += family->name;
    out += ' ';
    out += type_name(family->type);
    out += '\n';
    for (const auto& sample : family->samples) {
      out += family->name;
      write_labels(out, sample.labels);
      out += ' ';
      out += format_value(sample.value);
      out += '\n';
    }
  }
  return out;
}

}  // namespace dcm::core::metrics
