#include "core/config/yaml_reader.hpp"

#include <fstream>
#include <sstream>

#include "core/config/config_error.hpp"
#include "core/config/text.hpp"

namespace dcm::core::config {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  text = trim(text);
  struct Unit {
    std::string_view suffix;
    double milliseconds;
  };
  // Longest suffix first, so "ms" is not read as "m" + garbage.
  static constexpr Unit kUnits[] = {
      {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};
  double scale = 1000;
  for (const auto& unit : kUnits) {
    if (text.ends_with(unit.suffix)) {
      text.remove_suffix(unit.suffix.size());
      scale = unit.milliseconds;
      break;
    }
  }
  auto value = parse_double(text);
  if (!value || *value < 0) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(*value * scale + 0.5));
}

YamlNode::YamlNode(YAML::Node node, std::shared_ptr<const std::string> file, std::string path)
    : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)) {}

int YamlNode::line() const {
  if (node_.IsDefined()) {
    const auto mark = node_.Mark();
    if (mark.line >= 0) {
      return mark.line + 1;
    }
  }
  return fallback_line_;
}

void YamlNode::fail(const std::string& reason) const {
  throw ConfigError(*file_, line(), (path_.empty() ? "" : path_ + ": ") + reason);
}

YamlNode YamlNode::get(std::string_view key) const {
  if (!node_.IsMap()) {
    fail("expected a mapping of keys");
  }
  std::string child_path = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  for (const auto& entry : node_) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) {
      return YamlNode(entry.second, file_, std::move(child_path));
    }
  }
  YamlNode missing(YAML::Node(YAML::NodeType::Undefined), file_, std::move(child_path));
  missing.fallback_line_ = line();
  return missing;
}

YamlNode YamlNode::require(std::string_view key) const {
  auto child = get(key);
  if (!child.defined()) {
    child.fail("missing (required)");
  }
  return child;
}

std::vector<YamlNode> YamlNode::items() const {
  if (!node_.IsSequence()) {
    fail("expected a list");
  }
  std::vector<YamlNode> out;
  std::size_t index = 0;
  for (const auto& item : node_) {
    out.emplace_back(item, file_, path_ + "[" + std::to_string(index++) + "]");
  }
  return out;
}

std::vector<std::pair<std::string, YamlNode>> YamlNode::entries() const {
  if (!node_.IsMap()) {
    fail("expected a mapping of keys");
  }
  std::vector<std::pair<std::string, YamlNode>> out;
  for (const auto& entry : node_) {
    std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "?";
    out.emplace_back(key, YamlNode(entry.second, file_, path_.empty() ? key : path_ + "." + key));
  }
  return out;
}

void YamlNode::allow_keys(std::initializer_list<std::string_view> known) const {
  for (const auto& [key, child] : entries()) {
    bool ok = false;
    for (auto name : known) {
      ok = ok || name == key;
    }
    if (!ok) {
      std::string list;
      for (auto name : known) {
        list += (list.empty() ? "" : ", ") + std::string(name);
      }
      child.fail("unknown key (known: " + list + ")");
    }
  }
}

std::string YamlNode::as_string() const {
  if (!node_.IsScalar()) {
    fail("expected a single value");
  }
  return node_.Scalar();
}

std::int64_t YamlNode::as_int(std::int64_t min, std::int64_t max) const {
  auto text = as_string();
  auto value = parse_int<std::int64_t>(trim(text));
  if (!value || *value < min || *value > max) {
    fail("invalid value '" + text + "' (expected a whole number from " + std::to_string(min) + " to " +
         std::to_string(max) + ")");
  }
  return *value;
}

bool YamlNode::as_bool() const {
  auto text = as_string();
  if (text == "true" || text == "yes" || text == "on") {
    return true;
  }
  if (text == "false" || text == "no" || text == "off") {
    return false;
  }
  fail("invalid value '" + text + "' (expected true or false)");
}

std::chrono::milliseconds YamlNode::as_duration() const {
  auto text = as_string();
  auto value = parse_duration(text);
  if (!value) {
    fail("invalid duration '" + text + "' (expected e.g. 500ms, 5s, 2m, 1h)");
  }
  return *value;
}

std::vector<std::string> YamlNode::as_string_list() const {
  if (node_.IsScalar()) {
    return {node_.Scalar()};
  }
  std::vector<std::string> out;
  for (const auto& item : items()) {
    out.push_back(item.as_string());
  }
  return out;
}

YamlNode parse_yaml(std::string_view text, const std::string& file_name) {
  auto file = std::make_shared<const std::string>(file_name);
  try {
    return YamlNode(YAML::Load(std::string(text)), file, "");
  } catch (const YAML::Exception& e) {
    throw ConfigError(file_name, e.mark.line >= 0 ? e.mark.line + 1 : 0, "invalid YAML: " + e.msg);
  }
}

YamlNode load_yaml_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    throw ConfigError(path.string(), 0, "cannot be read (missing, or check its permissions)");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_yaml(buffer.str(), path.string());
}

}  // namespace dcm::core::config
