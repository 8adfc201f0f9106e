// Materialises a checked-in fixture tree into a scratch directory. BAR files (sysfs resource0) are binary and
// mostly empty, so the repository holds a text spec next to where each one goes (resource0.regs) and this
// turns it into the real thing: a sparse file of the BAR's size with the register values at their offsets.
// Used in-process by tests (materialize_fixture) and by the dcm-fixture-tree tool (scripts, the demo).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

namespace dcm::test {

inline constexpr std::uint64_t kDefaultBarSize = std::uint64_t{16} << 20;  // RTX 3090/4090 BAR0: 16 MiB
inline constexpr std::string_view kRegisterSpecSuffix = ".regs";

// A BAR file described as text:
//   # comment
//   size 0x1000000          optional, the file length (default kDefaultBarSize)
//   0xE2A8 0x00000A90       OFFSET VALUE, hexadecimal ("0x" optional), 32-bit values, 4-byte aligned offsets
struct RegisterSpec {
  std::uint64_t size = kDefaultBarSize;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> registers;  // in file order
};

// Throws std::runtime_error "line N: what is wrong (expected ...)".
RegisterSpec parse_register_spec(std::string_view text);

// Creates (or replaces) `path` as a sparse file of spec.size bytes with each register little-endian at its
// offset, mode 0600 like sysfs resource files. Throws std::runtime_error naming the file.
void write_bar_file(const std::filesystem::path& path, const RegisterSpec& spec);

// Copies the tree `source` into `dest` (created when missing; regular files already
// there are replaced), keeping symlinks
// as symlinks (driver -> ../../../../bus/pci/drivers/nvidia stays a link, dangling or not), then replaces
// every "<name>.regs" with the BAR file "<name>". Throws std::runtime_error naming the offending file.
void materialize_fixture(const std::filesystem::path& source, const std::filesystem::path& dest);

}  // namespace dcm::test
