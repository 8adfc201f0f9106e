#include "core/secrets/password_hash.hpp"

#include <sodium.h>

#include "core/secrets/secret_error.hpp"
#include "core/secrets/sodium.hpp"

namespace dcm::core::secrets {
namespace {

bool well_formed(std::string_view stored) {
  return !stored.empty() && stored.size() < crypto_pwhash_STRBYTES &&
         stored.find('\0') == std::string_view::npos && stored.starts_with("$argon2");
}

}  // namespace

PasswordHasher::PasswordHasher(PasswordHashCost cost) : cost_(cost) {
  ensure_sodium();
  if (cost.opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      cost.opslimit > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
      cost.memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      cost.memlimit > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    throw SecretError("password hash cost out of libsodium's range");
  }
  dummy_hash_ = hash("dcm dummy password for absent users");
}

std::string PasswordHasher::hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost_.opslimit, cost_.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw SecretError("password hashing failed (out of memory?)");
  }
  return out;
}

bool PasswordHasher::verify(std::string_view password, std::string_view stored) const {
  const bool usable = well_formed(stored);
  const std::string encoded(usable ? stored : std::string_view(dummy_hash_));
  const bool match = crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
  return usable && match;
}

bool PasswordHasher::needs_rehash(std::string_view stored) const {
  if (!well_formed(stored) || !stored.starts_with("$argon2id$")) {
    return true;
  }
  const std::string encoded(stored);
  return crypto_pwhash_str_needs_rehash(encoded.c_str(), cost_.opslimit, cost_.memlimit) != 0;
}

}  // namespace dcm::core::secrets
