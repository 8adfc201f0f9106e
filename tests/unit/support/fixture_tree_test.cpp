#include "tests/support/fixture_tree.hpp"

#include <filesystem>
#include <stdexcept>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/paths.hpp"

namespace dcm::test {
namespace {

namespace fs = std::filesystem;

std::string error_of(std::string_view spec) {
  try {
    parse_register_spec(spec);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ParseRegisterSpec, ReadsOffsetValueLinesSizeAndComments) {
  auto spec = parse_register_spec(
      "# BAR0 of a test GPU\n"
      "size 0x30000\n"
      "\n"
      "0xE2A8 0x00000A90   # VRAM 84.5 C\n"
      "2046c 4e00\n");
  EXPECT_EQ(spec.size, 0x30000u);
  ASSERT_EQ(spec.registers.size(), 2u);
  EXPECT_EQ(spec.registers[0], (std::pair<std::uint64_t, std::uint32_t>{0xE2A8, 0xA90}));
  EXPECT_EQ(spec.registers[1], (std::pair<std::uint64_t, std::uint32_t>{0x2046C, 0x4E00}));
  EXPECT_EQ(parse_register_spec("").size, kDefaultBarSize);
}

TEST(ParseRegisterSpec, NamesTheLineOfEveryMistake) {
  struct Case {
    const char* spec;
    const char* error;
  };
  for (const auto& c : std::vector<Case>{
           {"0xE2A8\n", "line 1: '0xE2A8' (expected OFFSET VALUE or size BYTES)"},
           {"# ok\n0xE2A8 1 2\n", "line 2: '0xE2A8 1 2' (expected OFFSET VALUE or size BYTES)"},
           {"0xE2A9 0x1\n", "line 1: bad offset '0xE2A9' (expected a 4-byte aligned hex offset)"},
           {"zz 0x1\n", "line 1: bad offset 'zz' (expected a 4-byte aligned hex offset)"},
           {"0x0 0x100000000\n", "line 1: bad value '0x100000000' (expected a 32-bit hex value)"},
           {"size 0\n", "line 1: bad size '0' (expected a hexadecimal byte count)"},
           {"size 0x1000\n0x1000 0x1\n", "register at offset 4096 lies beyond the size 4096"},
       }) {
    EXPECT_EQ(error_of(c.spec), c.error) << c.spec;
  }
}

TEST(WriteBarFile, WritesASparseFileWithLittleEndianRegisters) {
  TempDir dir;
  RegisterSpec spec;
  spec.registers = {{0xE2A8, 0x11223344}, {0x2046C, 0x00004E00}};
  write_bar_file(dir / "resource0", spec);
  EXPECT_EQ(fs::file_size(dir / "resource0"), kDefaultBarSize);
  auto bytes = read_file(dir / "resource0");
  EXPECT_EQ(bytes.substr(0xE2A8, 4), std::string("\x44\x33\x22\x11", 4));
  EXPECT_EQ(bytes.substr(0x2046C, 4), std::string("\x00\x4E\x00\x00", 4));
  EXPECT_EQ(bytes.find_first_not_of('\0', 0xE2AC), 0x2046Du);
  struct stat info {};
  ASSERT_EQ(::stat((dir / "resource0").c_str(), &info), 0);
  EXPECT_LT(info.st_blocks * 512, 1 << 20) << "16 MiB of holes should take a few blocks, not 16 MiB";
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST(MaterializeFixture, TurnsRegisterSpecsIntoBarFilesAndKeepsSymlinks) {
  TempDir dir;
  materialize_fixture(fixture_path("exporter/eight_gpus"), dir.path());
  const auto devices = dir / "sysfs/bus/pci/devices";
  for (const char* bdf : {"0000:01:00.0", "0000:21:00.0", "0000:41:00.0", "0000:61:00.0"}) {
    const auto device = devices / bdf;
    EXPECT_EQ(fs::file_size(device / "resource0"), kDefaultBarSize) << bdf;
    EXPECT_FALSE(fs::exists(device / "resource0.regs")) << bdf;
    ASSERT_TRUE(fs::is_symlink(device / "driver")) << bdf;
    EXPECT_EQ(fs::read_symlink(device / "driver"), "../../../../bus/pci/drivers/nvidia");
  }
  EXPECT_EQ(read_file(devices / "0000:41:00.0/resource0").substr(0xE2A8, 4),
            std::string("\x90\x0A\x00\x00", 4));
  EXPECT_FALSE(fs::exists(devices / "0000:81:00.0/resource0")) << "the A100s have no BAR spec";
  EXPECT_EQ(fs::read_symlink(devices / "0000:e1:00.0/driver"), "../../../../bus/pci/drivers/vfio-pci");
  EXPECT_EQ(read_file(dir / "procfs/loadavg"), read_file(fixture_path("exporter/eight_gpus/procfs/loadavg")));
  EXPECT_TRUE(
      fs::exists(fixture_path("exporter/eight_gpus/sysfs/bus/pci/devices/0000:01:00.0/resource0.regs")))
      << "the source tree is left alone";
}

TEST(MaterializeFixture, BadSpecNamesTheCheckedInFile) {
  TempDir source, dest;
  write_file(source / "sysfs/bus/pci/devices/0000:01:00.0/resource0.regs", "0xE2A8 0x1\n0xE2A8 nope\n");
  try {
    materialize_fixture(source.path(), dest.path());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), (source / "sysfs/bus/pci/devices/0000:01:00.0/resource0.regs").string() +
                                         ": line 2: bad value 'nope' (expected a 32-bit hex value)");
  }
}

}  // namespace
}  // namespace dcm::test
