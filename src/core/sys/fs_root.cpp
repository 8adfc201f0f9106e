#include "core/sys/fs_root.hpp"

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

namespace dcm::core::sys {

ReadResult FsRoot::read(std::string_view relative, std::size_t max_bytes) const {
  ReadResult result;
  const auto full = path(relative);
  int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    result.error = std::error_code(errno, std::generic_category());
    return result;
  }
  // sysfs reports a size of 4096 for every attribute, so read until EOF instead of trusting stat().
  char buffer[4096];
  while (result.data.size() < max_bytes) {
    auto want = std::min(sizeof buffer, max_bytes - result.data.size());
    ssize_t got = ::read(fd, buffer, want);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      result.error = std::error_code(errno, std::generic_category());
      break;
    }
    if (got == 0) {
      break;
    }
    result.data.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return result;
}

std::vector<std::string> FsRoot::list(std::string_view relative) const {
  std::vector<std::string> names;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(path(relative), ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool FsRoot::exists(std::string_view relative) const {
  std::error_code ec;
  return std::filesystem::exists(path(relative), ec);
}

std::optional<std::string> FsRoot::link_target_name(std::string_view relative) const {
  std::error_code ec;
  auto target = std::filesystem::read_symlink(path(relative), ec);
  if (ec) {
    return std::nullopt;
  }
  return target.filename().string();
}

std::string FsRoot::display(std::string_view relative, std::string_view mount_point) const {
  std::string out(mount_point);
  if (!out.empty() && out.back() != '/') {
    out += '/';
  }
  out += relative;
  return out;
}

}  // namespace dcm::core::sys
