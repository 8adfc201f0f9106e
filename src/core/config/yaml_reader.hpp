// YAML configuration with operator-grade errors. Every node remembers its file and its path from the root
// ("servers[2].bmc"), so a problem reads "servers.yaml:14: servers[2].bmc: empty (expected host or
// host:port)". Unknown keys are errors (blackbox_exporter's KnownFields(true)).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace dcm::core::config {

// "500ms", "5s", "2m", "1h", "1d", or a bare number of seconds; nullopt for anything else or a negative.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

class YamlNode {
 public:
  YamlNode(YAML::Node node, std::shared_ptr<const std::string> file, std::string path);

  bool defined() const { return node_.IsDefined() && !node_.IsNull(); }
  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  int line() const;  // 1-based; 0 when unknown (a missing key)
  const std::string& path() const { return path_; }
  const std::string& file() const { return *file_; }

  // A child of a map; not defined() when absent. Throws when this node is not a map.
  YamlNode get(std::string_view key) const;
  // Like get, but a missing key is an error reported at this node's line.
  YamlNode require(std::string_view key) const;
  std::vector<YamlNode> items() const;                            // sequence elements
  std::vector<std::pair<std::string, YamlNode>> entries() const;  // map entries in file order
  void allow_keys(std::initializer_list<std::string_view> known) const;

  std::string as_string() const;  // scalar; throws for maps and sequences
  std::int64_t as_int(std::int64_t min, std::int64_t max) const;
  bool as_bool() const;
  std::chrono::milliseconds as_duration() const;
  std::vector<std::string> as_string_list() const;  // a sequence of scalars, or one scalar

  // Throws ConfigError "file:line: path: reason".
  [[noreturn]] void fail(const std::string& reason) const;

 private:
  YAML::Node node_;
  std::shared_ptr<const std::string> file_;
  std::string path_;
  int fallback_line_ = 0;  // for missing children: the parent's line
};

// Throws ConfigError for syntax errors (with the line yaml-cpp reports).
YamlNode parse_yaml(std::string_view text, const std::string& file_name);
// Reads and parses; a missing or unreadable file is a ConfigError naming it.
YamlNode load_yaml_file(const std::filesystem::path& path);

}  // namespace dcm::core::config
