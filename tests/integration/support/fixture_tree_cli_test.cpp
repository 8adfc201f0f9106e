// dcm-fixture-tree as scripts and the demo run it.
#include <filesystem>

#include <gtest/gtest.h>

#include "tests/support/fixture_tree.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {
namespace {

namespace fs = std::filesystem;

TEST(DcmFixtureTreeCli, MaterialisesTheEightGpuTree) {
  TempDir dir;
  auto result = run_process({binary_path("dcm-fixture-tree").string(),
                             fixture_path("exporter/eight_gpus").string(), (dir / "tree").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.empty());
  EXPECT_TRUE(result.err.empty());
  const auto device = dir / "tree/sysfs/bus/pci/devices/0000:01:00.0";
  EXPECT_EQ(fs::file_size(device / "resource0"), kDefaultBarSize);
  EXPECT_TRUE(fs::is_symlink(device / "driver"));
}

TEST(DcmFixtureTreeCli, BadArgumentsAndBadSpecsExitNonZeroWithOneLine) {
  auto usage = run_process({binary_path("dcm-fixture-tree").string(), "only-one"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(usage.err, "usage: dcm-fixture-tree SRC DEST\n");

  TempDir dir;
  auto missing = run_process(
      {binary_path("dcm-fixture-tree").string(), (dir / "nope").string(), (dir / "out").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "dcm-fixture-tree: " + (dir / "nope").string() + ": not a directory\n");

  write_file(dir / "src/resource0.regs", "size 0x10\n0x10 0x1\n");
  auto bad =
      run_process({binary_path("dcm-fixture-tree").string(), (dir / "src").string(), (dir / "out").string()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "dcm-fixture-tree: " + (dir / "src/resource0.regs").string() +
                         ": register at offset 16 lies beyond the size 16\n");
}

}  // namespace
}  // namespace dcm::test
