// libsodium setup and the byte encoders the rest of core/secrets shares (base64, hex).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dcm::core::secrets {

// Initialises libsodium once per process (sodium_init is idempotent and thread-safe); throws SecretError
// when the library cannot start (no entropy source). Every entry point of core/secrets calls it.
void ensure_sodium();

enum class Base64 {
  kStandard,  // "+/" with "=" padding: stored values ("sb1:..."), key files
  kUrlSafe,   // "-_" without padding: tokens that travel in URLs, cookies and headers
};

std::string base64_encode(std::span<const unsigned char> bytes, Base64 variant);
// nullopt for anything that is not exactly one base64 text of that variant (no spaces, no mixing).
std::optional<std::vector<unsigned char>> base64_decode(std::string_view text, Base64 variant);

std::string hex_encode(std::span<const unsigned char> bytes);  // lowercase
// nullopt unless `text` is hex digits (either case) of even length.
std::optional<std::vector<unsigned char>> hex_decode(std::string_view text);

inline std::span<const unsigned char> as_bytes(std::string_view text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

}  // namespace dcm::core::secrets
