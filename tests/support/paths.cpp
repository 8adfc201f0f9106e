#include "tests/support/paths.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace dcm::test {
namespace {

std::filesystem::path from_env(const char* name, const char* built_in) {
  const char* value = std::getenv(name);
  return (value == nullptr || *value == '\0') ? built_in : value;
}

}  // namespace

std::filesystem::path fixture_path(std::string_view relative) {
  return from_env("DCM_FIXTURES", DCM_DEFAULT_FIXTURES) / relative;
}
std::filesystem::path binary_path(std::string_view name) {
  return from_env("DCM_BIN_DIR", DCM_DEFAULT_BIN_DIR) / name;
}
std::filesystem::path source_path(std::string_view relative) {
  return from_env("DCM_SOURCE_DIR", DCM_DEFAULT_SOURCE_DIR) / relative;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "dcm-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed for " + pattern);
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path.string());
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_file(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) {
    throw std::runtime_error("cannot write " + path.string());
  }
}

}  // namespace dcm::test
