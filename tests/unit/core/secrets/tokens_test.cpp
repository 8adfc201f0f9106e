#include "core/secrets/tokens.hpp"

#include <set>

#include <gtest/gtest.h>

#include "core/secrets/secret_error.hpp"
#include "core/secrets/sodium.hpp"
#include "tests/support/process.hpp"

namespace dcm::core::secrets {
namespace {

TEST(RandomToken, IsUrlSafeLongAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto token = random_token();
    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_EQ(random_token(16).size(), 22u);
  EXPECT_THROW(random_token(8), SecretError);
}

TEST(TokenHasher, StoresAKeyedDigestThatMatchesOnlyItsToken) {
  const auto key = SecretKey::generate();
  TokenHasher hasher(key);
  const auto token = random_token();
  const auto stored = hasher.hash(token);
  EXPECT_EQ(stored.size(), 64u);
  EXPECT_EQ(stored.find(token), std::string::npos);
  EXPECT_EQ(stored, TokenHasher(key).hash(token)) << "deterministic: a lookup key";
  EXPECT_NE(stored, TokenHasher(SecretKey::generate()).hash(token)) << "keyed";
  EXPECT_TRUE(hasher.matches(token, stored));
  EXPECT_FALSE(hasher.matches(token + "x", stored));
  EXPECT_FALSE(hasher.matches(token, ""));
  EXPECT_FALSE(hasher.matches(token, stored.substr(1)));
}

// RFC 4231 test cases 1, 2 and 6 (a key longer than the block size).
TEST(HmacSha256, MatchesRfc4231) {
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(
      hmac_sha256_hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// The watchdog agent signs with `openssl dgst -sha256 -hmac KEY`: both sides must agree byte for byte.
TEST(HmacSha256, AgreesWithOpenssl) {
  if (!test::have_program("openssl")) {
    GTEST_SKIP() << "openssl not installed";
  }
  const std::string key = "agent-key-" + random_token(16);
  const std::string message = "POST\n/api/v1/heartbeat\n1768348800\n42\n{\"agent_id\":\"a1\"}";
  const auto result = test::run_process({"openssl", "dgst", "-sha256", "-hmac", key}, message);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto at = result.out.rfind("= ");
  ASSERT_NE(at, std::string::npos) << result.out;
  EXPECT_EQ(result.out.substr(at + 2, 64), hmac_sha256_hex(key, message));
}

TEST(HmacSha256, VerifiesHexInEitherCaseAndRejectsAnythingElse) {
  const auto mac = hmac_sha256_hex("k", "m");
  std::string upper = mac;
  for (auto& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  EXPECT_TRUE(verify_hmac_sha256_hex("k", "m", mac));
  EXPECT_TRUE(verify_hmac_sha256_hex("k", "m", upper));
  EXPECT_FALSE(verify_hmac_sha256_hex("k", "m2", mac));
  EXPECT_FALSE(verify_hmac_sha256_hex("k2", "m", mac));
  EXPECT_FALSE(verify_hmac_sha256_hex("k", "m", mac.substr(0, 62)));
  EXPECT_FALSE(verify_hmac_sha256_hex("k", "m", mac + "00"));
  EXPECT_FALSE(verify_hmac_sha256_hex("k", "m", ""));
  EXPECT_FALSE(verify_hmac_sha256_hex("k", "m", std::string(64, 'g')));
}

TEST(Encoders, RoundTripAndRejectGarbage) {
  const std::vector<unsigned char> bytes{0x00, 0xff, 0x10, 0x7f};
  EXPECT_EQ(hex_encode(bytes), "00ff107f");
  EXPECT_EQ(hex_decode("00FF107f"), bytes);
  EXPECT_EQ(base64_decode(base64_encode(bytes, Base64::kUrlSafe), Base64::kUrlSafe), bytes);
  EXPECT_EQ(base64_encode(bytes, Base64::kStandard), "AP8Qfw==");
  EXPECT_EQ(hex_encode({}), "");
  EXPECT_EQ(hex_decode(""), std::vector<unsigned char>{});
  EXPECT_EQ(base64_encode({}, Base64::kStandard), "");
  EXPECT_EQ(base64_decode(std::string_view{}, Base64::kStandard), std::vector<unsigned char>{});
  EXPECT_FALSE(hex_decode("0").has_value());
  EXPECT_FALSE(hex_decode("zz").has_value());
  EXPECT_FALSE(base64_decode("AP8Qfw", Base64::kStandard).has_value()) << "padding required";
  EXPECT_FALSE(base64_decode("AP8Q fw==", Base64::kStandard).has_value());
}

TEST(ConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equals("", ""));
  EXPECT_TRUE(constant_time_equals("abc", "abc"));
  EXPECT_FALSE(constant_time_equals("abc", "abd"));
  EXPECT_FALSE(constant_time_equals("abc", "ab"));
  EXPECT_FALSE(constant_time_equals("", "a"));
  EXPECT_TRUE(constant_time_equals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(constant_time_equals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace dcm::core::secrets
