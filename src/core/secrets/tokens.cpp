#include "core/secrets/tokens.hpp"

#include <vector>

#include <sodium.h>

#include "core/secrets/secret_error.hpp"
#include "core/secrets/sodium.hpp"

namespace dcm::core::secrets {

static_assert(std::tuple_size_v<HmacSha256> == crypto_auth_hmacsha256_BYTES);

std::string random_token(std::size_t bytes) {
  if (bytes < 16) {
    throw SecretError("a token needs at least 16 random bytes");
  }
  ensure_sodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  auto token = base64_encode(raw, Base64::kUrlSafe);
  sodium_memzero(raw.data(), raw.size());
  return token;
}

std::string TokenHasher::hash(std::string_view token) const {
  ensure_sodium();
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  static_assert(SecretKey::kSize >= crypto_generichash_KEYBYTES_MIN &&
                SecretKey::kSize <= crypto_generichash_KEYBYTES_MAX);
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), key_.bytes().data(), SecretKey::kSize);
  return hex_encode(digest);
}

bool TokenHasher::matches(std::string_view token, std::string_view stored) const {
  return constant_time_equals(hash(token), stored);
}

HmacSha256 hmac_sha256(std::string_view key, std::string_view message) {
  ensure_sodium();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  HmacSha256 mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  return hex_encode(hmac_sha256(key, message));
}

bool verify_hmac_sha256_hex(std::string_view key, std::string_view message, std::string_view mac_hex) {
  const auto presented = hex_decode(mac_hex);
  const auto expected = hmac_sha256(key, message);
  if (!presented || presented->size() != expected.size()) {
    return false;
  }
  return crypto_verify_32(presented->data(), expected.data()) == 0;
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  ensure_sodium();
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace dcm::core::secrets
