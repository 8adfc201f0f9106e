// Where tests find fixtures and built binaries (compiled in by tests/CMakeLists.txt, overridable by the
// environment variables DCM_FIXTURES, DCM_BIN_DIR, DCM_SOURCE_DIR), and scratch directories.
#pragma once

#include <filesystem>
#include <string_view>

namespace dcm::test {

// $DCM_FIXTURES/relative
std::filesystem::path fixture_path(std::string_view relative);
// $DCM_BIN_DIR/name (build/<preset>/bin)
std::filesystem::path binary_path(std::string_view name);
// $DCM_SOURCE_DIR/relative
std::filesystem::path source_path(std::string_view relative);

// A fresh directory under $TMPDIR, removed with everything in it when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view relative) const { return path_ / relative; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, std::string_view content);

}  // namespace dcm::test
