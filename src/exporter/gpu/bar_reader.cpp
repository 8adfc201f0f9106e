#include "exporter/gpu/bar_reader.hpp"

#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dcm::exporter::gpu {
namespace {

std::string describe(std::string_view call, int error) {
  return fmt::format("{}: {}", call, std::error_code(error, std::generic_category()).message());
}

RegisterRead failure(RegisterRead::Status status, std::string error) {
  RegisterRead read;
  read.status = status;
  read.error = std::move(error);
  return read;
}

bool is_permission_error(int error) {
  return error == EACCES || error == EPERM;
}

}  // namespace

BarReader::BarReader(const std::filesystem::path& path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_SYNC | O_CLOEXEC);
  if (fd_ < 0) {
    const int error = errno;
    open_error_ =
        failure(is_permission_error(error) ? RegisterRead::Status::kDenied : RegisterRead::Status::kFailed,
                describe("open", error));
    return;
  }
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    open_error_ = failure(RegisterRead::Status::kFailed, describe("fstat", errno));
    return;
  }
  size_ = info.st_size > 0 ? static_cast<std::uint64_t>(info.st_size) : 0;
}

BarReader::~BarReader() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

RegisterRead BarReader::read32(std::uint32_t offset) const {
  if (!open_error_.ok()) {
    return open_error_;
  }
  if (offset % sizeof(std::uint32_t) != 0) {
    return failure(RegisterRead::Status::kOutOfRange,
                   fmt::format("offset 0x{:X} is not 4-byte aligned", offset));
  }
  if (std::uint64_t{offset} + sizeof(std::uint32_t) > size_) {
    return failure(RegisterRead::Status::kOutOfRange,
                   fmt::format("register 0x{:X} lies beyond the end of the file ({} bytes)", offset, size_));
  }
  const long page_size = ::sysconf(_SC_PAGESIZE);
  const auto page = static_cast<std::uint64_t>(page_size > 0 ? page_size : 4096);
  const std::uint64_t base = offset / page * page;
  // An aligned 4-byte register never straddles a page, so one page holds it.
  void* mapping = ::mmap(nullptr, page, PROT_READ, MAP_SHARED, fd_, static_cast<off_t>(base));
  if (mapping == MAP_FAILED) {
    const int error = errno;
    // On a real BAR file, EINVAL for an in-range, page-aligned mapping means the kernel refused it because
    // the driver holds the region and CONFIG_IO_STRICT_DEVMEM is on (iomem_is_exclusive); EPERM is lockdown.
    const bool denied = is_permission_error(error) || error == EINVAL;
    return failure(denied ? RegisterRead::Status::kDenied : RegisterRead::Status::kFailed,
                   describe("mmap", error));
  }
  const auto* bytes = static_cast<const volatile unsigned char*>(mapping);
  const auto* reg = reinterpret_cast<const volatile std::uint32_t*>(bytes + (offset - base));
  RegisterRead read;
  read.value = *reg;
  ::munmap(mapping, page);
  return read;
}

}  // namespace dcm::exporter::gpu
