// Host files are read through an FsRoot, so that /sys and /proc can be replaced by fixture trees in tests
// and the same code runs unchanged on a real machine (node_exporter's --path.sysfs, without the globals).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace dcm::core::sys {

struct ReadResult {
  std::string data;
  std::error_code error;  // empty on success; ENOENT when the file does not exist
  explicit operator bool() const { return !error; }
};

class FsRoot {
 public:
  explicit FsRoot(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }

  // root/relative; `relative` is written as in the real tree without its leading mount point,
  // e.g. "bus/pci/devices/0000:01:00.0/vendor" under a sysfs root.
  std::filesystem::path path(std::string_view relative) const { return root_ / relative; }

  // Reads at most max_bytes (sysfs attributes are small; a runaway file must not exhaust memory).
  ReadResult read(std::string_view relative, std::size_t max_bytes = 1 << 20) const;

  // Entry names of a directory, sorted; empty when it does not exist or cannot be read.
  std::vector<std::string> list(std::string_view relative) const;

  bool exists(std::string_view relative) const;

  // The last component of a symlink's target ("nvidia" for .../driver -> ../../bus/pci/drivers/nvidia),
  // nullopt when it is not a link.
  std::optional<std::string> link_target_name(std::string_view relative) const;

  // Shows a path as it would be on the real machine: the root is replaced by `mount_point` ("/sys").
  std::string display(std::string_view relative, std::string_view mount_point) const;

 private:
  std::filesystem::path root_;
};

}  // namespace dcm::core::sys
