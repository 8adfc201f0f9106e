// Password hashing for the web UIs' users: argon2id through libsodium's crypto_pwhash_str.
//
// A stored hash is the standard encoded string ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash"): it carries
// its own salt and cost, so raising the cost later needs no schema change. needs_rehash() tells the login
// code to store a fresh hash (computed from the password it just verified) when the cost changed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dcm::core::secrets {

// argon2id's cost: passes over memory (opslimit) and memory in bytes (memlimit); libsodium uses one lane.
struct PasswordHashCost {
  unsigned long long opslimit;
  std::size_t memlimit;
};

// OWASP's recommendation for argon2id (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane. About
// 50 ms of one core here; unlike libsodium's INTERACTIVE level (64 MiB) it keeps a burst of logins on a
// small VPS within the daemons' memory budget. Login attempts are rate-limited on top of this.
inline constexpr PasswordHashCost kDefaultPasswordCost{2, 19 * 1024 * 1024};
// The cheapest cost libsodium accepts: for tests only, never for stored user passwords.
inline constexpr PasswordHashCost kTestPasswordCost{1, 8 * 1024};

class PasswordHasher {
 public:
  // Throws SecretError for a cost outside libsodium's limits.
  explicit PasswordHasher(PasswordHashCost cost = kDefaultPasswordCost);

  // A new encoded hash with a random salt. Throws SecretError when the memory cannot be had.
  std::string hash(std::string_view password) const;

  // True only when `stored` is a valid argon2 hash of `password`. A wrong password, an empty `stored` (no
  // such user) and a `stored` that is no argon2 hash at all answer false after about the same time: the
  // check then runs against a dummy hash, so response times do not tell which user names exist. libsodium
  // compares the digests in constant time.
  bool verify(std::string_view password, std::string_view stored) const;

  // True when `stored` was made with another cost or algorithm than this hasher's (or is malformed).
  bool needs_rehash(std::string_view stored) const;

 private:
  PasswordHashCost cost_;
  std::string dummy_hash_;
};

}  // namespace dcm::core::secrets
