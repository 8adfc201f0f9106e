// A 32-byte secret key and the key file that holds it.
//
// Each daemon keeps one master key in a file under its data directory (e.g.
// /var/lib/ipmi-monitor/secret.key), created with mode 0600 on first start. The file holds the key as one
// line of standard base64 (44 characters). Components never use the master key directly: each derives its own
// subkey with a fixed 8-character context (libsodium's crypto_kdf), so the secretbox key and the token-hash
// key are independent.
//
// A key file that group or others may read or write is refused with an error naming it, as ssh refuses a
// private key with loose permissions. Losing the file makes every stored secret unreadable: back it up with
// the database.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

namespace dcm::core::secrets {

class SecretKey {
 public:
  static constexpr std::size_t kSize = 32;

  // Fresh random key.
  static SecretKey generate();
  // Throws SecretError unless `bytes` has exactly kSize bytes.
  static SecretKey from_bytes(std::span<const unsigned char> bytes);

  SecretKey(const SecretKey& other) = default;
  SecretKey& operator=(const SecretKey& other) = default;
  ~SecretKey();  // wipes the bytes

  // The subkey for one purpose: `context` is exactly 8 characters (e.g. "dcmsbox1"), `id` tells apart
  // several keys of that purpose. Throws SecretError for a context of another length.
  SecretKey derive(std::string_view context, std::uint64_t id = 1) const;

  std::span<const unsigned char, kSize> bytes() const { return bytes_; }

 private:
  SecretKey() = default;
  std::array<unsigned char, kSize> bytes_{};
};

// Reads the key file at `path`, or creates it (mode 0600, atomically: a crash never leaves half a key)
// when it does not exist. The directory must exist. Throws SecretError naming the file when it cannot be
// read or created, is not a regular file, is accessible by group or others, belongs to another user (root
// is accepted), or does not hold a key.
SecretKey load_or_create_key_file(const std::filesystem::path& path);

}  // namespace dcm::core::secrets
