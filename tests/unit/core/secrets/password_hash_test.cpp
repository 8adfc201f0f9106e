#include "core/secrets/password_hash.hpp"

#include <gtest/gtest.h>

namespace dcm::core::secrets {
namespace {

TEST(PasswordHasher, VerifiesTheRightPasswordOnly) {
  PasswordHasher hasher(kTestPasswordCost);
  const auto stored = hasher.hash("correct horse");
  EXPECT_TRUE(stored.starts_with("$argon2id$v=19$")) << stored;
  EXPECT_TRUE(hasher.verify("correct horse", stored));
  EXPECT_FALSE(hasher.verify("correct horse ", stored));
  EXPECT_FALSE(hasher.verify("", stored));
  EXPECT_EQ(stored.find("correct horse"), std::string::npos);
}

TEST(PasswordHasher, SaltsEveryHash) {
  PasswordHasher hasher(kTestPasswordCost);
  EXPECT_NE(hasher.hash("same"), hasher.hash("same"));
}

TEST(PasswordHasher, HandlesUnicodeAndEmbeddedNulBytes) {
  PasswordHasher hasher(kTestPasswordCost);
  const std::string with_nul("a\0b", 3);
  const auto stored = hasher.hash(with_nul);
  EXPECT_TRUE(hasher.verify(with_nul, stored));
  EXPECT_FALSE(hasher.verify("a", stored));
  EXPECT_TRUE(hasher.verify("pässwörd ✓", hasher.hash("pässwörd ✓")));
}

TEST(PasswordHasher, AbsentOrMalformedStoredHashesAnswerFalseWithoutThrowing) {
  PasswordHasher hasher(kTestPasswordCost);
  for (std::string_view stored :
       {std::string_view(""), std::string_view("plaintext"), std::string_view("$argon2id$"),
        std::string_view("$argon2id$v=19$m=8,t=1,p=1$garbage"), std::string_view("$2b$12$bcrypthash"),
        std::string_view("$argon2id\0$v=19", 15)}) {
    EXPECT_FALSE(hasher.verify("anything", stored)) << stored;
    EXPECT_TRUE(hasher.needs_rehash(stored)) << stored;
  }
  EXPECT_FALSE(hasher.verify("anything", std::string(4000, 'x')));
}

TEST(PasswordHasher, AsksForARehashWhenTheCostChanged) {
  PasswordHasher cheap(kTestPasswordCost);
  PasswordHasher dearer(PasswordHashCost{2, 16 * 1024});
  const auto stored = cheap.hash("pw");
  EXPECT_FALSE(cheap.needs_rehash(stored));
  EXPECT_TRUE(dearer.needs_rehash(stored));
  EXPECT_TRUE(dearer.verify("pw", stored)) << "an old cost still verifies";
}

TEST(PasswordHasher, DefaultCostIsOwaspArgon2id) {
  PasswordHasher hasher;
  const auto stored = hasher.hash("pw");
  EXPECT_TRUE(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << stored;
  EXPECT_TRUE(hasher.verify("pw", stored));
}

TEST(PasswordHasher, RefusesACostLibsodiumCannotUse) {
  EXPECT_ANY_THROW(PasswordHasher(PasswordHashCost{0, 8 * 1024}));
  EXPECT_ANY_THROW(PasswordHasher(PasswordHashCost{1, 1024}));
}

}  // namespace
}  // namespace dcm::core::secrets
