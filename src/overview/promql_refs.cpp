#include "overview/promql_refs.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

namespace dcm::overview {
namespace {

bool ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}

constexpr std::array<std::string_view, 6> kGroupingKeywords = {"by",       "without",    "on",
                                                               "ignoring", "group_left", "group_right"};
constexpr std::array<std::string_view, 10> kOtherKeywords = {"and",   "or",  "unless", "bool", "offset",
                                                             "atan2", "inf", "nan",    "Inf",  "NaN"};
constexpr std::array<std::string_view, 14> kAggregators = {
    "sum",   "min",          "max",     "avg",  "group",    "stddev", "stdvar",
    "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  PromqlRefs run() {
    bool after_metric = false;
    while (skip_space()) {
      char c = text_[pos_];
      if (c == '"' || c == '\'' || c == '`') {
        read_string();
        after_metric = false;
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') {
          ++pos_;
        }
      } else if (c == '{') {
        if (!after_metric) {
          refs_.selectors.push_back({});
        }
        read_matchers(refs_.selectors.back());
        after_metric = false;
      } else if (c == '[') {
        skip_until(']');
        after_metric = false;
      } else if (c == '$') {
        skip_variable();
        after_metric = false;
      } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                 (c == '.' && pos_ + 1 < text_.size() &&
                  std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
        skip_number();
        after_metric = false;
      } else if (ident_start(c)) {
        after_metric = read_identifier();
      } else if (c == '}' || c == ']') {
        throw std::invalid_argument(std::string("unbalanced '") + c + "' at offset " + std::to_string(pos_));
      } else {
        ++pos_;
        after_metric = false;
      }
    }
    return std::move(refs_);
  }

 private:
  // Skips whitespace; false at the end of the text.
  bool skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) {
      ++pos_;
    }
    return pos_ < text_.size();
  }

  char peek_after_space() {
    skip_space();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }

  std::string read_string() {
    const char quote = text_[pos_];
    const auto start = pos_++;
    std::string value;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] == '\\' && quote != '`' && pos_ + 1 < text_.size()) {
        ++pos_;
      }
      value += text_[pos_++];
    }
    if (pos_ >= text_.size()) {
      throw std::invalid_argument("unterminated string starting at offset " + std::to_string(start));
    }
    ++pos_;
    return value;
  }

  void skip_until(char close) {
    const auto start = pos_;
    while (pos_ < text_.size() && text_[pos_] != close) {
      ++pos_;
    }
    if (pos_ >= text_.size()) {
      throw std::invalid_argument(std::string("no '") + close + "' for '" + text_[start] + "' at offset " +
                                  std::to_string(start));
    }
    ++pos_;
  }

  void skip_variable() {
    ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '{') {
      skip_until('}');
      return;
    }
    while (pos_ < text_.size() && ident_char(text_[pos_])) {
      ++pos_;
    }
  }

  void skip_number() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if ((c == '+' || c == '-') && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E')) {
        ++pos_;
      } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_') {
        ++pos_;
      } else {
        break;
      }
    }
  }

  std::string identifier() {
    const auto start = pos_;
    while (pos_ < text_.size() && ident_char(text_[pos_])) {
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  // Returns true when the identifier was a metric name (so a following '{' belongs to it).
  bool read_identifier() {
    auto word = identifier();
    if (contains(kGroupingKeywords, word)) {
      if (peek_after_space() == '(') {
        read_label_list();
      }
      return false;
    }
    if (contains(kOtherKeywords, word)) {
      if (word == "offset") {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == '-') {
          ++pos_;
        }
        skip_number();
      }
      return false;
    }
    const auto saved = pos_;
    char next = peek_after_space();
    if (next == '(') {
      return false;  // a function or an aggregation
    }
    if (contains(kAggregators, word) && ident_start(next)) {
      const auto before = pos_;
      auto following = identifier();
      pos_ = before;
      if (following == "by" || following == "without") {
        return false;
      }
    }
    pos_ = saved;
    refs_.selectors.push_back({word, {}});
    return true;
  }

  void read_label_list() {
    ++pos_;  // '('
    while (true) {
      char c = peek_after_space();
      if (c == ')') {
        ++pos_;
        return;
      }
      if (c == ',') {
        ++pos_;
        continue;
      }
      if (!ident_start(c)) {
        throw std::invalid_argument("expected a label name at offset " + std::to_string(pos_));
      }
      refs_.grouping_labels.push_back(identifier());
    }
  }

  void read_matchers(VectorSelector& selector) {
    ++pos_;  // '{'
    while (true) {
      char c = peek_after_space();
      if (c == '}') {
        ++pos_;
        return;
      }
      if (c == ',') {
        ++pos_;
        continue;
      }
      LabelMatcher matcher;
      if (c == '"') {
        matcher.label = read_string();
      } else if (ident_start(c)) {
        matcher.label = identifier();
      } else {
        throw std::invalid_argument("expected a label matcher at offset " + std::to_string(pos_));
      }
      peek_after_space();
      for (std::string_view op : {"=~", "!~", "!=", "="}) {
        if (text_.substr(pos_).starts_with(op)) {
          matcher.op = std::string(op);
          pos_ += op.size();
          break;
        }
      }
      if (matcher.op.empty()) {
        throw std::invalid_argument("expected =, !=, =~ or !~ after '" + matcher.label + "' at offset " +
                                    std::to_string(pos_));
      }
      c = peek_after_space();
      if (c != '"' && c != '\'' && c != '`') {
        throw std::invalid_argument("expected a quoted value for '" + matcher.label + "' at offset " +
                                    std::to_string(pos_));
      }
      matcher.value = read_string();
      selector.matchers.push_back(std::move(matcher));
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  PromqlRefs refs_;
};

}  // namespace

PromqlRefs scan_promql(std::string_view expr) {
  return Scanner(expr).run();
}

}  // namespace dcm::overview
