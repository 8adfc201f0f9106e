// Random tokens and keyed digests: session ids, API tokens, CSRF tokens, agent keys, and the HMAC-SHA256
// signatures dc-watchdog's agents put on their heartbeats.
//
// Tokens are stored only as a keyed hash (TokenHasher): a stolen database holds no usable token, and
// without the daemon's key the hashes cannot even be checked against guesses.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/secrets/secret_key.hpp"

namespace dcm::core::secrets {

// `bytes` random bytes (at least 16) as URL-safe base64 without padding: 32 bytes give 43 characters of
// [A-Za-z0-9_-], fit for URLs, cookies, headers and HTML attributes without escaping.
std::string random_token(std::size_t bytes = 32);

// Stores tokens as BLAKE2b-256 keyed with a daemon secret, as 64 lowercase hex characters (an indexable
// column: look a token up by its hash).
class TokenHasher {
 public:
  // The context TokenHasher derives its key under from a daemon's master key.
  static constexpr std::string_view kKeyContext = "dcmtokh1";

  explicit TokenHasher(const SecretKey& key) : key_(key) {}

  std::string hash(std::string_view token) const;
  // Whether `token` hashes to `stored`, compared in constant time.
  bool matches(std::string_view token, std::string_view stored) const;

 private:
  SecretKey key_;
};

using HmacSha256 = std::array<unsigned char, 32>;

// HMAC-SHA256 (RFC 2104) with a key of any length: what `openssl dgst -sha256 -hmac KEY` computes.
HmacSha256 hmac_sha256(std::string_view key, std::string_view message);
std::string hmac_sha256_hex(std::string_view key, std::string_view message);  // lowercase
// Whether `mac_hex` (64 hex digits, either case) is the HMAC of `message` under `key`; constant time.
bool verify_hmac_sha256_hex(std::string_view key, std::string_view message, std::string_view mac_hex);

// Equality in time that depends only on the lengths (which are not secret): for comparing a presented
// secret with the expected one. Different lengths answer false.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace dcm::core::secrets
