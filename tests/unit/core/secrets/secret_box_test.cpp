#include "core/secrets/secret_box.hpp"

#include <filesystem>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/secrets/secret_error.hpp"
#include "core/secrets/sodium.hpp"
#include "tests/support/paths.hpp"

namespace dcm::core::secrets {
namespace {

namespace fs = std::filesystem;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const SecretError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SecretBox, SealsAndOpens) {
  SecretBox box(SecretKey::generate());
  for (std::string plaintext : {std::string(""), std::string("ADMIN"), std::string("pässwörd ✓"),
                                std::string("a\0b\n", 4), std::string(10'000, 'x')}) {
    const auto sealed = box.seal(plaintext);
    EXPECT_TRUE(sealed.starts_with("sb1:")) << sealed;
    EXPECT_TRUE(SecretBox::looks_sealed(sealed));
    EXPECT_EQ(box.open(sealed), plaintext);
  }
}

TEST(SecretBox, SealedTextHidesThePlaintextAndNeverRepeats) {
  SecretBox box(SecretKey::generate());
  const auto a = box.seal("hunter2hunter2");
  const auto b = box.seal("hunter2hunter2");
  EXPECT_NE(a, b) << "each value has its own nonce";
  EXPECT_EQ(a.find("hunter2"), std::string::npos);
  EXPECT_EQ(a.find_first_of("\n\r\" '"), std::string::npos) << "safe in YAML, JSON and SQL text";
}

TEST(SecretBox, AnotherKeyCannotOpen) {
  const auto sealed = SecretBox(SecretKey::generate()).seal("secret");
  EXPECT_EQ(error_of([&] { SecretBox(SecretKey::generate()).open(sealed); }),
            "sealed secret cannot be opened (sealed under another key, or damaged)");
}

TEST(SecretBox, GarbageIsAClearErrorThatDoesNotEchoIt) {
  SecretBox box(SecretKey::generate());
  auto tampered = box.seal("secret");
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  const std::vector<unsigned char> short_box(20, 0);
  struct Case {
    std::string input;
    std::string error;
  } cases[] = {
      {"", "not a sealed secret (expected text starting with \"sb1:\")"},
      {"plaintext-password", "not a sealed secret (expected text starting with \"sb1:\")"},
      {"sb2:AAAA", "not a sealed secret (expected text starting with \"sb1:\")"},
      {"sb1:", "sealed secret is damaged (too short)"},
      {"sb1:not base64 at all!", "sealed secret is damaged (not valid base64)"},
      {"sb1:" + base64_encode(short_box, Base64::kStandard), "sealed secret is damaged (too short)"},
      {tampered, "sealed secret cannot be opened (sealed under another key, or damaged)"},
      {box.seal("x").substr(0, 30), "sealed secret is damaged (not valid base64)"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(error_of([&] { box.open(c.input); }), c.error) << c.input;
  }
}

TEST(SecretBox, KeyFileIsCreatedPrivateOnFirstUseAndReused) {
  test::TempDir dir;
  const auto path = dir / "secret.key";
  const auto sealed = SecretBox::from_key_file(path).seal("bmc-password");
  ASSERT_TRUE(fs::exists(path));
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(test::read_file(path).size(), 45u) << "one line of base64 for 32 bytes";
  EXPECT_EQ(SecretBox::from_key_file(path).open(sealed), "bmc-password");
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename(), "secret.key") << "no temporary file left behind";
  }
}

TEST(SecretBox, SubkeyDiffersFromTheMasterKey) {
  test::TempDir dir;
  const auto sealed = SecretBox::from_key_file(dir / "secret.key").seal("x");
  const auto master = load_or_create_key_file(dir / "secret.key");
  EXPECT_THROW(SecretBox(master).open(sealed), SecretError);
  EXPECT_EQ(SecretBox(master.derive(SecretBox::kKeyContext)).open(sealed), "x");
}

TEST(SecretBox, RefusesAKeyFileOthersMayRead) {
  test::TempDir dir;
  const auto path = dir / "secret.key";
  load_or_create_key_file(path);
  for (auto extra : {fs::perms::group_read, fs::perms::others_read, fs::perms::others_write}) {
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | extra);
    const auto message = error_of([&] { SecretBox::from_key_file(path); });
    EXPECT_TRUE(message.starts_with("key file " + path.string() + ": group or others may access it (mode 0"))
        << message;
    EXPECT_NE(message.find("chmod 600 " + path.string()), std::string::npos) << message;
  }
}

TEST(SecretBox, RefusesKeyFilesThatHoldNoKey) {
  test::TempDir dir;
  for (const std::string content : {"", "short\n", "not base64 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"}) {
    const auto path = dir / "bad.key";
    fs::remove(path);
    test::write_file(path, content);
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(error_of([&] { load_or_create_key_file(path); }),
              "key file " + path.string() +
                  ": does not hold a key (expected one line of base64 encoding 32 bytes)");
  }
  EXPECT_EQ(error_of([&] { load_or_create_key_file(dir.path()); }),
            "key file " + dir.path().string() + ": not a regular file");
  const auto nowhere = dir / "missing-dir" / "secret.key";
  EXPECT_TRUE(error_of([&] {
                load_or_create_key_file(nowhere);
              }).starts_with("key file " + nowhere.string() + ": cannot be created ("));
}

TEST(SecretBox, ProcessesStartingTogetherAgreeOnOneKey) {
  test::TempDir dir;
  const auto path = dir / "secret.key";
  std::vector<std::string> sealed(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    threads.emplace_back([&, i] { sealed[i] = SecretBox::from_key_file(path).seal("v"); });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  const auto box = SecretBox::from_key_file(path);
  for (const auto& value : sealed) {
    EXPECT_EQ(box.open(value), "v");
  }
}

TEST(SecretKey, DerivesDistinctSubkeysPerContextAndId) {
  const auto master = SecretKey::generate();
  const auto a = master.derive("dcmsbox1");
  const auto b = master.derive("dcmtokh1");
  const auto c = master.derive("dcmsbox1", 2);
  EXPECT_FALSE(std::equal(a.bytes().begin(), a.bytes().end(), b.bytes().begin()));
  EXPECT_FALSE(std::equal(a.bytes().begin(), a.bytes().end(), c.bytes().begin()));
  const auto again = master.derive("dcmsbox1");
  EXPECT_TRUE(std::equal(a.bytes().begin(), a.bytes().end(), again.bytes().begin()));
  EXPECT_THROW(master.derive("short"), SecretError);
  EXPECT_THROW(SecretKey::from_bytes(std::vector<unsigned char>(31)), SecretError);
}

}  // namespace
}  // namespace dcm::core::secrets
