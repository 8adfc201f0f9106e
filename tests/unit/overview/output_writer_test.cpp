#include "overview/output_writer.hpp"

#include <filesystem>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "overview/generate.hpp"
#include "tests/support/paths.hpp"

namespace dcm::overview {
namespace {

namespace fs = std::filesystem;

OutputSet sample(std::string version) {
  return {{kMarkerFile, "# marker\n"},
          {"prometheus.yml", "version " + version + "\n"},
          {"workers/a/install.sh", "#!/bin/sh\n", true}};
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

mode_t mode_of(const fs::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 0777;
}

TEST(OutputWriter, WritesEveryFileWithItsMode) {
  test::TempDir dir;
  write_output_dir(sample("1"), dir / "generated");
  EXPECT_EQ(test::read_file(dir / "generated/prometheus.yml"), "version 1\n");
  EXPECT_EQ(mode_of(dir / "generated/prometheus.yml"), 0644u);
  EXPECT_EQ(mode_of(dir / "generated/workers/a/install.sh"), 0755u);
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"generated"}) << "no temporary directory is left";
}

TEST(OutputWriter, ReplacesItsOwnPreviousOutputWhole) {
  test::TempDir dir;
  write_output_dir(sample("1"), dir / "generated");
  test::write_file(dir / "generated/stale.yml", "from an older fleet\n");
  write_output_dir(sample("2"), dir / "generated");
  EXPECT_EQ(test::read_file(dir / "generated/prometheus.yml"), "version 2\n");
  EXPECT_FALSE(fs::exists(dir / "generated/stale.yml"));
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"generated"});
}

TEST(OutputWriter, RefusesADirectoryItDidNotWrite) {
  test::TempDir dir;
  test::write_file(dir / "home/notes.txt", "precious\n");
  try {
    write_output_dir(sample("1"), dir / "home");
    ADD_FAILURE() << "replaced a foreign directory";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("was not written by dc-overview; refusing to replace it"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(test::read_file(dir / "home/notes.txt"), "precious\n");
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"home"});
}

TEST(OutputWriter, AFailureHalfwayLeavesThePreviousOutputAndNoTemporaryDirectory) {
  test::TempDir dir;
  write_output_dir(sample("1"), dir / "generated");
  // "prometheus.yml" as a file, then a file under it as a directory: the second write fails.
  OutputSet broken = {{kMarkerFile, "# marker\n"}, {"a", "file\n"}, {"a/b", "cannot exist\n"}};
  EXPECT_THROW(write_output_dir(broken, dir / "generated"), std::runtime_error);
  EXPECT_EQ(test::read_file(dir / "generated/prometheus.yml"), "version 1\n");
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"generated"});
}

TEST(OutputWriter, RejectsPathsOutsideTheDirectory) {
  test::TempDir dir;
  for (const char* bad : {"../escape", "/etc/passwd", "a//b", "a/./b", ""}) {
    EXPECT_THROW(write_output_dir({{bad, "x"}}, dir / "generated"), std::logic_error) << bad;
  }
  EXPECT_TRUE(entries(dir.path()).empty());
}

TEST(OutputWriter, LinksTheSecretsFileWhenAsked) {
  test::TempDir dir;
  test::write_file(dir / ".env", "GRAFANA_ADMIN_PASS=x\n");
  write_output_dir(sample("1"), dir / "generated", WriteOptions{"../.env"});
  EXPECT_TRUE(fs::is_symlink(dir / "generated/.env"));
  EXPECT_EQ(test::read_file(dir / "generated/.env"), "GRAFANA_ADMIN_PASS=x\n");
}

}  // namespace
}  // namespace dcm::overview
