#include "core/secrets/secret_file.hpp"

#include <fstream>
#include <iterator>

#include <sodium.h>

#include "core/secrets/secret_error.hpp"

namespace dcm::core::secrets {
namespace {

constexpr std::size_t kMaxSecretFileBytes = 4096;

}  // namespace

std::string read_secret_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw SecretError(path.string() + ": is a directory (expected a file holding one line)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw SecretError(path.string() + ": cannot be read (missing, or check its permissions)");
  }
  std::string text;
  text.resize(kMaxSecretFileBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxSecretFileBytes) {
    sodium_memzero(text.data(), text.size());
    throw SecretError(path.string() + ": larger than 4 KiB (expected one line)");
  }
  if (text.ends_with('\n')) {
    text.pop_back();
    if (text.ends_with('\r')) {
      text.pop_back();
    }
  }
  if (text.find_first_of("\r\n") != std::string::npos) {
    sodium_memzero(text.data(), text.size());
    throw SecretError(path.string() + ": holds more than one line (expected one line)");
  }
  if (text.empty()) {
    throw SecretError(path.string() + ": is empty (expected one line)");
  }
  return text;
}

}  // namespace dcm::core::secrets
