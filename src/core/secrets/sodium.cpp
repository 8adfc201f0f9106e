#include "core/secrets/sodium.hpp"

#include <sodium.h>

#include "core/secrets/secret_error.hpp"

namespace dcm::core::secrets {
namespace {

int sodium_variant(Base64 variant) {
  return variant == Base64::kStandard ? sodium_base64_VARIANT_ORIGINAL
                                      : sodium_base64_VARIANT_URLSAFE_NO_PADDING;
}

}  // namespace

void ensure_sodium() {
  // 0: initialised now, 1: already initialised, -1: failure.
  if (sodium_init() < 0) {
    throw SecretError("libsodium could not be initialised (no source of randomness?)");
  }
}

std::string base64_encode(std::span<const unsigned char> bytes, Base64 variant) {
  if (bytes.empty()) {
    return {};
  }
  ensure_sodium();
  const int sv = sodium_variant(variant);
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sv), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sv);
  out.resize(out.size() - 1);  // the encoder writes a terminating NUL
  return out;
}

std::optional<std::vector<unsigned char>> base64_decode(std::string_view text, Base64 variant) {
  if (text.empty()) {
    return std::vector<unsigned char>{};
  }
  ensure_sodium();
  std::vector<unsigned char> out(text.size() / 4 * 3 + 3);
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end,
                        sodium_variant(variant)) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

std::string hex_encode(std::span<const unsigned char> bytes) {
  if (bytes.empty()) {
    return {};  // libsodium's encoders take no null pointers
  }
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

std::optional<std::vector<unsigned char>> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) {
    return std::nullopt;
  }
  if (text.empty()) {
    return std::vector<unsigned char>{};
  }
  std::vector<unsigned char> out(text.size() / 2);
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end) != 0 ||
      end != text.data() + text.size() || length != out.size()) {
    return std::nullopt;
  }
  return out;
}

}  // namespace dcm::core::secrets
