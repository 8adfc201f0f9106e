#include "tests/support/fixture_tree.hpp"

#include <array>
#include <cerrno>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config/text.hpp"

namespace dcm::test {
namespace {

using core::config::split_fields;
using core::config::split_lines;
using core::config::trim;

std::optional<std::uint64_t> parse_hex(std::string_view text) {
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
  }
  return core::config::parse_int<std::uint64_t>(text, 16);
}

std::runtime_error line_error(std::size_t line, const std::string& what) {
  return std::runtime_error("line " + std::to_string(line) + ": " + what);
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in) {
    throw std::runtime_error(path.string() + ": cannot read");
  }
  return buffer.str();
}

std::string errno_text(int error) {
  return std::error_code(error, std::generic_category()).message();
}

}  // namespace

RegisterSpec parse_register_spec(std::string_view text) {
  RegisterSpec spec;
  std::size_t number = 0;
  for (auto raw : split_lines(text)) {
    ++number;
    auto line = raw.substr(0, raw.find('#'));
    auto fields = split_fields(trim(line));
    if (fields.empty()) {
      continue;
    }
    if (fields.size() != 2) {
      throw line_error(number, "'" + std::string(trim(raw)) + "' (expected OFFSET VALUE or size BYTES)");
    }
    if (fields[0] == "size") {
      auto size = parse_hex(fields[1]);
      if (!size || *size == 0) {
        throw line_error(number,
                         "bad size '" + std::string(fields[1]) + "' (expected a hexadecimal byte count)");
      }
      spec.size = *size;
      continue;
    }
    auto offset = parse_hex(fields[0]);
    auto value = parse_hex(fields[1]);
    if (!offset || *offset % 4 != 0) {
      throw line_error(number,
                       "bad offset '" + std::string(fields[0]) + "' (expected a 4-byte aligned hex offset)");
    }
    if (!value || *value > std::numeric_limits<std::uint32_t>::max()) {
      throw line_error(number, "bad value '" + std::string(fields[1]) + "' (expected a 32-bit hex value)");
    }
    spec.registers.emplace_back(*offset, static_cast<std::uint32_t>(*value));
  }
  for (const auto& [offset, value] : spec.registers) {
    if (offset + 4 > spec.size) {
      throw std::runtime_error("register at offset " + std::to_string(offset) + " lies beyond the size " +
                               std::to_string(spec.size));
    }
  }
  return spec;
}

void write_bar_file(const std::filesystem::path& path, const RegisterSpec& spec) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw std::runtime_error(path.string() + ": open: " + errno_text(errno));
  }
  auto fail = [&](const char* call) {
    const int error = errno;
    ::close(fd);
    throw std::runtime_error(path.string() + ": " + call + ": " + errno_text(error));
  };
  if (::ftruncate(fd, static_cast<off_t>(spec.size)) != 0) {
    fail("ftruncate");
  }
  for (const auto& [offset, value] : spec.registers) {
    const std::array<unsigned char, 4> bytes{
        static_cast<unsigned char>(value & 0xFF), static_cast<unsigned char>((value >> 8) & 0xFF),
        static_cast<unsigned char>((value >> 16) & 0xFF), static_cast<unsigned char>((value >> 24) & 0xFF)};
    if (::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset)) !=
        static_cast<ssize_t>(bytes.size())) {
      fail("pwrite");
    }
  }
  if (::close(fd) != 0) {
    throw std::runtime_error(path.string() + ": close: " + errno_text(errno));
  }
}

void materialize_fixture(const std::filesystem::path& source, const std::filesystem::path& dest) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(source)) {
    throw std::runtime_error(source.string() + ": not a directory");
  }
  fs::create_directories(dest);
  fs::copy(
      source, dest,
      fs::copy_options::recursive | fs::copy_options::copy_symlinks | fs::copy_options::overwrite_existing);

  std::vector<fs::path> specs;
  for (const auto& entry : fs::recursive_directory_iterator(dest)) {
    if (entry.is_regular_file() && !entry.is_symlink() &&
        entry.path().string().ends_with(kRegisterSpecSuffix)) {
      specs.push_back(entry.path());
    }
  }
  for (const auto& spec_path : specs) {
    RegisterSpec spec;
    try {
      spec = parse_register_spec(read_text(spec_path));
    } catch (const std::runtime_error& e) {
      // Name the checked-in file, not the copy.
      throw std::runtime_error((source / fs::relative(spec_path, dest)).string() + ": " + e.what());
    }
    auto bar_path = spec_path;
    bar_path.replace_extension();
    write_bar_file(bar_path, spec);
    fs::remove(spec_path);
  }
}

}  // namespace dcm::test
