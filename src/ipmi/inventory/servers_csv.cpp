#include "ipmi/inventory/servers_csv.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>

#include "core/config/config_error.hpp"
#include "core/config/csv_reader.hpp"
#include "core/config/text.hpp"
#include "core/config/yaml_reader.hpp"
#include "ipmi/inventory/field_error.hpp"

namespace dcm::ipmi::inventory {
namespace {

using core::config::ConfigError;

constexpr std::array<std::string_view, 14> kColumns = {"name",         "bmc",        "user",
                                                       "password",     "protocol",   "server_ip",
                                                       "cipher_suite", "privilege",  "workaround_flags",
                                                       "timeout",      "tls_verify", "site",
                                                       "rack",         "vendor"};
constexpr std::string_view kTagPrefix = "tag:";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string known_columns() {
  std::string list;
  for (const auto column : kColumns) {
    list += std::string(column) + ", ";
  }
  return list + "tag:<name>";
}

struct Cell {
  std::string column;
  std::string value;
  int line;
};

class Row {
 public:
  Row(const std::string& file, const std::vector<std::string>& columns, const core::config::CsvRecord& record)
      : file_(file) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      cells_.emplace(columns[i], Cell{columns[i], record.fields[i], record.field_lines[i]});
    }
    line_ = record.line;
  }

  // The cell's value, nullopt when the column is absent or the cell empty. Spaces around it are dropped,
  // except for the password, where they may be part of it.
  std::optional<std::string> get(const std::string& column) const {
    auto it = cells_.find(column);
    if (it == cells_.end()) {
      return std::nullopt;
    }
    const std::string value =
        column == "password" ? it->second.value : std::string(core::config::trim(it->second.value));
    if (value.empty()) {
      return std::nullopt;
    }
    return value;
  }

  [[noreturn]] void fail(const std::string& column, const std::string& reason) const {
    auto it = cells_.find(column);
    const int line = it == cells_.end() ? line_ : it->second.line;
    throw ConfigError(file_, line, (column.empty() ? "" : column + ": ") + reason);
  }

  // Runs a value check, reporting its FieldError at `column`'s cell.
  template <typename Check>
  auto check(const std::string& column, Check&& run) const {
    try {
      return run();
    } catch (const FieldError& e) {
      fail(column, e.what());
    }
  }

  int line() const { return line_; }
  const std::map<std::string, Cell>& cells() const { return cells_; }

 private:
  const std::string& file_;
  std::map<std::string, Cell> cells_;
  int line_ = 0;
};

std::vector<std::string> read_header(const core::config::CsvRecord& header, const std::string& file) {
  std::vector<std::string> columns;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    auto column = lower(core::config::trim(header.fields[i]));
    const bool known = std::find(kColumns.begin(), kColumns.end(), column) != kColumns.end() ||
                       (column.starts_with(kTagPrefix) && column.size() > kTagPrefix.size());
    if (!known) {
      throw ConfigError(file, header.field_lines[i],
                        "unknown column '" + header.fields[i] + "' (known: " + known_columns() + ")");
    }
    if (std::find(columns.begin(), columns.end(), column) != columns.end()) {
      throw ConfigError(file, header.field_lines[i], "column '" + column + "' appears twice");
    }
    columns.push_back(std::move(column));
  }
  for (const std::string required : {"name", "bmc"}) {
    if (std::find(columns.begin(), columns.end(), required) == columns.end()) {
      throw ConfigError(file, header.line,
                        "no '" + required + "' column (required; the first line names the columns)");
    }
  }
  return columns;
}

std::vector<std::string> split_flags(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (const char c : text + " ") {
    if (c == ' ' || c == ',' || c == ';' || c == '\t') {
      if (!current.empty()) {
        out.push_back(current);
      }
      current.clear();
    } else {
      current += c;
    }
  }
  return out;
}

ServerEntry read_entry(const Row& row) {
  ServerEntry entry;
  entry.name = row.get("name").value_or("");
  row.check("name", [&] {
    check_server_name(entry.name);
    return 0;
  });
  auto bmc = row.get("bmc");
  if (!bmc) {
    row.fail("bmc", "empty (expected host, host:port, [v6]:port or https://host[:port])");
  }
  entry.bmc = *bmc;
  if (auto ip = row.get("server_ip")) {
    row.check("server_ip", [&] {
      check_server_ip(*ip);
      return 0;
    });
    entry.server_ip = ip;
  }
  auto& s = entry.settings;
  s.user = row.get("user");
  s.password = row.get("password");
  if (auto v = row.get("protocol")) {
    s.protocol = row.check("protocol", [&] { return parse_protocol(*v); });
  }
  if (auto v = row.get("cipher_suite")) {
    s.cipher_suite = row.check("cipher_suite", [&] { return parse_cipher_suite(*v); });
  }
  if (auto v = row.get("privilege")) {
    s.privilege = row.check("privilege", [&] { return parse_privilege(*v); });
  }
  if (auto v = row.get("workaround_flags")) {
    s.workaround_flags =
        row.check("workaround_flags", [&] { return parse_workaround_flags(split_flags(*v)); });
  }
  if (auto v = row.get("timeout")) {
    s.timeout = row.check("timeout", [&] {
      auto duration = core::config::parse_duration(*v);
      if (!duration) {
        throw FieldError("", "invalid duration '" + *v + "' (expected e.g. 500ms, 5s, 2m)");
      }
      return check_timeout(*duration);
    });
  }
  if (auto v = row.get("tls_verify")) {
    const auto text = lower(*v);
    if (text == "true" || text == "yes" || text == "1") {
      s.tls_verify = true;
    } else if (text == "false" || text == "no" || text == "0") {
      s.tls_verify = false;
    } else {
      row.fail("tls_verify", "invalid value '" + *v + "' (expected true or false)");
    }
  }
  for (const auto& [column, cell] : row.cells()) {
    const bool tag_column =
        column == "site" || column == "rack" || column == "vendor" || column.starts_with(kTagPrefix);
    auto value = row.get(column);
    if (!tag_column || !value) {
      continue;
    }
    const auto key = column.starts_with(kTagPrefix) ? column.substr(kTagPrefix.size()) : column;
    row.check(column, [&] {
      check_tag(key, *value);
      return 0;
    });
    entry.tags[key] = *value;
  }
  return entry;
}

}  // namespace

std::vector<ServerConfig> parse_servers_csv(std::string_view text, const std::string& file_name,
                                            const InventoryEnv& env, const ServerSettings& defaults) {
  const auto records = core::config::parse_csv(text, file_name);
  if (records.empty()) {
    throw ConfigError(file_name, 0,
                      "empty (expected a header line naming the columns, e.g. name,bmc,user,password)");
  }
  const auto columns = read_header(records.front(), file_name);
  std::vector<ServerConfig> out;
  std::map<std::string, int> names;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& record = records[r];
    if (record.fields.size() != columns.size()) {
      throw ConfigError(file_name, record.line,
                        std::to_string(record.fields.size()) + " fields, but the header names " +
                            std::to_string(columns.size()) + " columns");
    }
    const Row row(file_name, columns, record);
    auto entry = read_entry(row);
    if (auto [it, fresh] = names.emplace(name_key(entry.name), row.line()); !fresh) {
      row.fail("name", "duplicate name '" + entry.name + "' (first on line " + std::to_string(it->second) +
                           "; names are compared ignoring case)");
    }
    try {
      out.push_back(resolve_server(entry, defaults, env));
    } catch (const MissingCredential& e) {
      row.fail("", e.credential() == "user"
                       ? "no user (fill the user column, or set IPMI_USER in the environment)"
                       : "no password (fill the password column, or set IPMI_PASS in the "
                         "environment)");
    } catch (const FieldError& e) {
      row.fail(e.field(), e.what());
    }
  }
  return out;
}

}  // namespace dcm::ipmi::inventory
