#include "core/secrets/secret_file.hpp"

#include <gtest/gtest.h>

#include "core/secrets/secret_error.hpp"
#include "tests/support/paths.hpp"

namespace dcm::core::secrets {
namespace {

std::string error_of(const std::filesystem::path& path) {
  try {
    read_secret_file(path);
  } catch (const SecretError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ReadSecretFile, ReadsOneLineWithOrWithoutItsEnding) {
  test::TempDir dir;
  const struct {
    std::string content;
    std::string secret;
  } cases[] = {{"s3cret\n", "s3cret"},
               {"s3cret", "s3cret"},
               {"s3cret\r\n", "s3cret"},
               {" with spaces \n", " with spaces "}};
  for (const auto& c : cases) {
    test::write_file(dir / "pw", c.content);
    EXPECT_EQ(read_secret_file(dir / "pw"), c.secret);
  }
}

TEST(ReadSecretFile, ErrorsNameTheFileAndNeverItsContent) {
  test::TempDir dir;
  const auto path = (dir / "pw").string();
  test::write_file(dir / "pw", "");
  EXPECT_EQ(error_of(dir / "pw"), path + ": is empty (expected one line)");
  test::write_file(dir / "pw", "\n");
  EXPECT_EQ(error_of(dir / "pw"), path + ": is empty (expected one line)");
  test::write_file(dir / "pw", "first-secret\nsecond\n");
  EXPECT_EQ(error_of(dir / "pw"), path + ": holds more than one line (expected one line)");
  test::write_file(dir / "pw", std::string(5000, 'x'));
  EXPECT_EQ(error_of(dir / "pw"), path + ": larger than 4 KiB (expected one line)");
  EXPECT_EQ(error_of(dir / "absent"),
            (dir / "absent").string() + ": cannot be read (missing, or check its permissions)");
  EXPECT_EQ(error_of(dir.path()),
            dir.path().string() + ": is a directory (expected a file holding one line)");
}

}  // namespace
}  // namespace dcm::core::secrets
