#include "core/secrets/secret_key.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/secrets/secret_error.hpp"
#include "core/secrets/sodium.hpp"

namespace dcm::core::secrets {
namespace {

static_assert(SecretKey::kSize == crypto_kdf_KEYBYTES);
static_assert(SecretKey::kSize == crypto_secretbox_KEYBYTES);

// Closes a file descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw SecretError("key file " + path.string() + ": " + what);
}

std::string errno_text() {
  return std::strerror(errno);
}

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

void check_file(const std::filesystem::path& path, int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    fail(path, "cannot be examined (" + errno_text() + ")");
  }
  if (!S_ISREG(st.st_mode)) {
    fail(path, "not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    fail(path, "group or others may access it (mode " + octal_mode(st.st_mode) +
                   "); refusing to use it (run: chmod 600 " + path.string() + ")");
  }
  if (st.st_uid != ::geteuid() && st.st_uid != 0) {
    fail(path, "belongs to another user (uid " + std::to_string(st.st_uid) + "); refusing to use it");
  }
}

SecretKey read_key(const std::filesystem::path& path, int fd) {
  check_file(path, fd);
  std::string text(256, '\0');
  std::size_t used = 0;
  while (used < text.size()) {
    const auto got = ::read(fd, text.data() + used, text.size() - used);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      fail(path, "cannot be read (" + errno_text() + ")");
    }
    if (got == 0) {
      break;
    }
    used += static_cast<std::size_t>(got);
  }
  text.resize(used);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  auto bytes = base64_decode(text, Base64::kStandard);
  sodium_memzero(text.data(), text.size());
  if (!bytes || bytes->size() != SecretKey::kSize) {
    if (bytes) {
      sodium_memzero(bytes->data(), bytes->size());
    }
    fail(path, "does not hold a key (expected one line of base64 encoding 32 bytes)");
  }
  auto key = SecretKey::from_bytes(*bytes);
  sodium_memzero(bytes->data(), bytes->size());
  return key;
}

void write_all(const std::filesystem::path& path, int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const auto put = ::write(fd, text.data() + done, text.size() - done);
    if (put < 0 && errno == EINTR) {
      continue;
    }
    if (put < 0) {
      fail(path, "cannot be written (" + errno_text() + ")");
    }
    done += static_cast<std::size_t>(put);
  }
}

// Writes a new key to a private temporary file, then links it to `path`: the key file appears complete or
// not at all, and link() refuses to replace a file another process created meanwhile. Returns false when
// `path` already existed.
bool create_key_file(const std::filesystem::path& path) {
  std::string temp = path.string() + ".tmp.XXXXXX";
  Fd fd(::mkstemp(temp.data()));  // mode 0600
  if (fd.get() < 0) {
    fail(path, "cannot be created (" + errno_text() + ")");
  }
  const auto key = SecretKey::generate();
  std::string line = base64_encode(key.bytes(), Base64::kStandard) + "\n";
  try {
    write_all(path, fd.get(), line);
    sodium_memzero(line.data(), line.size());
    if (::fsync(fd.get()) != 0) {
      fail(path, "cannot be written (" + errno_text() + ")");
    }
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  const int linked = ::link(temp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) {
      return false;
    }
    fail(path, std::string("cannot be created (") + std::strerror(link_errno) + ")");
  }
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() >= 0) {
    ::fsync(dir_fd.get());  // best effort: the new name survives a power cut
  }
  return true;
}

}  // namespace

SecretKey SecretKey::generate() {
  ensure_sodium();
  SecretKey key;
  randombytes_buf(key.bytes_.data(), key.bytes_.size());
  return key;
}

SecretKey SecretKey::from_bytes(std::span<const unsigned char> bytes) {
  if (bytes.size() != kSize) {
    throw SecretError("a key has " + std::to_string(kSize) + " bytes, not " + std::to_string(bytes.size()));
  }
  SecretKey key;
  std::memcpy(key.bytes_.data(), bytes.data(), kSize);
  return key;
}

SecretKey::~SecretKey() {
  sodium_memzero(bytes_.data(), bytes_.size());
}

SecretKey SecretKey::derive(std::string_view context, std::uint64_t id) const {
  if (context.size() != crypto_kdf_CONTEXTBYTES) {
    throw SecretError("a key derivation context has 8 characters, not " + std::to_string(context.size()));
  }
  ensure_sodium();
  SecretKey sub;
  crypto_kdf_derive_from_key(sub.bytes_.data(), sub.bytes_.size(), id, context.data(), bytes_.data());
  return sub;
}

SecretKey load_or_create_key_file(const std::filesystem::path& path) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() >= 0) {
      return read_key(path, fd.get());
    }
    if (errno != ENOENT) {
      fail(path, "cannot be opened (" + errno_text() + ")");
    }
    create_key_file(path);  // false: another process created it first; read theirs
  }
  fail(path, "cannot be opened (it keeps disappearing)");
}

}  // namespace dcm::core::secrets
