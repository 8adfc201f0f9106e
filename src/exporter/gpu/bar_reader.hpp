// Reads 32-bit registers from a PCI memory BAR through its sysfs file
// (<sysfs>/bus/pci/devices/<bdf>/resource0). sysfs memory-BAR files support only mmap, not read(2), so each
// register is read by mapping the one page that holds it read-only, loading it with a volatile 32-bit load
// and unmapping again. The file is opened once per collection and nothing stays mapped between collections (a
// GPU that falls off the bus must not leave a stale mapping behind). In tests the file is a plain sparse file
// with the register values written at their offsets.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace dcm::exporter::gpu {

struct RegisterRead {
  enum class Status {
    kOk,
    kDenied,      // EACCES/EPERM, or mmap refused by CONFIG_IO_STRICT_DEVMEM (EINVAL on a valid range)
    kOutOfRange,  // the register lies beyond the end of the file, or is not 4-byte aligned
    kFailed,      // any other error (the file is missing, mmap failed)
  };
  Status status = Status::kOk;
  std::uint32_t value = 0;
  std::string error;  // "open: No such file or directory"; empty when ok

  bool ok() const { return status == Status::kOk; }
};

class BarReader {
 public:
  // Opens the file O_RDONLY|O_SYNC|O_CLOEXEC and takes its size with fstat; a failure is kept and returned by
  // every read32().
  explicit BarReader(const std::filesystem::path& path);
  ~BarReader();
  BarReader(const BarReader&) = delete;
  BarReader& operator=(const BarReader&) = delete;

  // Size of the BAR as the file reports it (sysfs: the BAR length); 0 when the file could not be opened.
  std::uint64_t size() const { return size_; }

  // The register at `offset` bytes into the BAR. Offsets past st_size are refused before mapping, so a
  // truncated file gives kOutOfRange instead of SIGBUS.
  RegisterRead read32(std::uint32_t offset) const;

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
  RegisterRead open_error_;
};

}  // namespace dcm::exporter::gpu
