#include "overview/output_writer.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "overview/generate.hpp"

namespace dcm::overview {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path& path, const std::string& reason) {
  throw std::runtime_error(path.string() + ": " + reason);
}

void check_relative(const std::string& path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') {
    throw std::logic_error("output path '" + path + "' is not a relative file path");
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    auto part = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (part.empty() || part == "." || part == "..") {
      throw std::logic_error("output path '" + path + "' has an empty, '.' or '..' component");
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
}

void write_one(const fs::path& root, const OutputFile& file) {
  const auto path = root / file.path;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    fail(path.parent_path(), ec.message());
  }
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(file.content.data(), static_cast<std::streamsize>(file.content.size()));
    out.close();
    if (!out) {
      fail(path, "cannot write");
    }
  }
  if (::chmod(path.c_str(), file.executable ? 0755 : 0644) != 0) {
    fail(path, std::strerror(errno));
  }
}

// The target may be replaced when it does not exist, is empty, or carries dc-overview's marker.
void check_replaceable(const fs::path& out_dir) {
  std::error_code ec;
  auto status = fs::symlink_status(out_dir, ec);
  if (ec || status.type() == fs::file_type::not_found) {
    return;
  }
  if (status.type() != fs::file_type::directory) {
    fail(out_dir, "exists and is not a directory");
  }
  if (fs::exists(out_dir / kMarkerFile)) {
    return;
  }
  if (fs::directory_iterator(out_dir) != fs::directory_iterator()) {
    fail(out_dir,
         "exists, is not empty and was not written by dc-overview; refusing to replace it (choose another "
         "--out or remove it)");
  }
}

fs::path make_temp_sibling(const fs::path& out_dir) {
  auto parent = out_dir.parent_path();
  if (parent.empty()) {
    parent = ".";
  }
  // Appended piece by piece: "." + std::string trips GCC 12's -Wrestrict false positive at -O2.
  std::string name = ".";
  name += out_dir.filename().string();
  name += ".tmp-XXXXXX";
  std::string pattern = (parent / name).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    fail(parent, std::string("cannot create a temporary directory: ") + std::strerror(errno));
  }
  ::chmod(pattern.c_str(), 0755);
  return pattern;
}

void swap_in(const fs::path& temp, const fs::path& out_dir) {
  std::error_code ec;
  if (!fs::exists(out_dir, ec)) {
    if (::rename(temp.c_str(), out_dir.c_str()) != 0) {
      fail(out_dir, std::strerror(errno));
    }
    return;
  }
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, out_dir.c_str(), RENAME_EXCHANGE) == 0) {
    fs::remove_all(temp, ec);  // now the previous output
    return;
  }
  if (errno != EINVAL && errno != ENOSYS) {
    fail(out_dir, std::strerror(errno));
  }
  // A file system without RENAME_EXCHANGE: two renames, with the old copy kept until the new one is in.
  auto old = temp;
  old += ".old";
  if (::rename(out_dir.c_str(), old.c_str()) != 0) {
    fail(out_dir, std::strerror(errno));
  }
  if (::rename(temp.c_str(), out_dir.c_str()) != 0) {
    const int saved = errno;
    ::rename(old.c_str(), out_dir.c_str());
    fail(out_dir, std::strerror(saved));
  }
  fs::remove_all(old, ec);
}

}  // namespace

void write_output_dir(const OutputSet& files, const fs::path& out_dir, const WriteOptions& options) {
  std::set<std::string> seen;
  for (const auto& file : files) {
    check_relative(file.path);
    if (!seen.insert(file.path).second) {
      throw std::logic_error("output path '" + file.path + "' rendered twice");
    }
  }
  check_replaceable(out_dir);
  const auto temp = make_temp_sibling(out_dir);
  try {
    for (const auto& file : files) {
      write_one(temp, file);
    }
    if (options.env_link) {
      std::error_code ec;
      fs::create_symlink(*options.env_link, temp / ".env", ec);
      if (ec) {
        fail(temp / ".env", ec.message());
      }
    }
    swap_in(temp, out_dir);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(temp, ec);
    throw;
  }
}

}  // namespace dcm::overview
