// Encryption at rest for stored secrets (BMC passwords, notifier tokens): libsodium's secretbox
// (XSalsa20-Poly1305) with a random 24-byte nonce per value.
//
// A sealed value is text, safe in SQLite, YAML and JSON:  "sb1:" + base64(nonce || MAC || ciphertext).
// The "sb1:" prefix versions the format, so a later algorithm or key rotation can read the old values.
// Opening garbage, a truncated value, or a value sealed under another key is a SecretError with a plain
// reason, never a crash, and the error never echoes the value.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/secrets/secret_key.hpp"

namespace dcm::core::secrets {

class SecretBox {
 public:
  // The context SecretBox derives its key under from a daemon's master key.
  static constexpr std::string_view kKeyContext = "dcmsbox1";
  static constexpr std::string_view kPrefix = "sb1:";

  // Uses `key` as the secretbox key as it is.
  explicit SecretBox(const SecretKey& key) : key_(key) {}
  // The daemon's usual setup: the master key file (created 0600 on first use, see secret_key.hpp) and the
  // subkey derived from it under kKeyContext. Throws SecretError naming the file.
  static SecretBox from_key_file(const std::filesystem::path& key_file);

  // Encrypts; every call uses a fresh nonce, so sealing the same text twice gives different values.
  std::string seal(std::string_view plaintext) const;
  // Decrypts a value seal() made with the same key; throws SecretError otherwise.
  std::string open(std::string_view sealed) const;

  // True for text in the sealed format (it may still fail to open under this key).
  static bool looks_sealed(std::string_view text) { return text.starts_with(kPrefix); }

 private:
  SecretKey key_;
};

}  // namespace dcm::core::secrets
