#include "core/sys/fs_root.hpp"

#include <gtest/gtest.h>

#include "tests/support/paths.hpp"

namespace dcm::core::sys {
namespace {

TEST(FsRoot, ReadsFilesUnderItsRootOnly) {
  test::TempDir dir;
  test::write_file(dir / "class/x/value", "42\n");
  FsRoot root(dir.path());
  auto result = root.read("class/x/value");
  ASSERT_TRUE(result);
  EXPECT_EQ(result.data, "42\n");
  auto missing = root.read("class/x/absent");
  EXPECT_FALSE(missing);
  EXPECT_EQ(missing.error, std::errc::no_such_file_or_directory);
}

TEST(FsRoot, StopsReadingAtTheByteLimit) {
  test::TempDir dir;
  test::write_file(dir / "big", std::string(10000, 'x'));
  EXPECT_EQ(FsRoot(dir.path()).read("big", 100).data.size(), 100u);
}

TEST(FsRoot, ListsSortedAndResolvesLinkTargetNames) {
  test::TempDir dir;
  test::write_file(dir / "d/b", "");
  test::write_file(dir / "d/a", "");
  std::filesystem::create_directory_symlink("../../bus/pci/drivers/nvidia", dir / "d/driver");
  FsRoot root(dir.path());
  EXPECT_EQ(root.list("d"), (std::vector<std::string>{"a", "b", "driver"}));
  EXPECT_TRUE(root.list("none").empty());
  EXPECT_EQ(root.link_target_name("d/driver"), "nvidia");
  EXPECT_FALSE(root.link_target_name("d/a").has_value());
  EXPECT_EQ(root.display("bus/pci", "/sys"), "/sys/bus/pci");
}

}  // namespace
}  // namespace dcm::core::sys
