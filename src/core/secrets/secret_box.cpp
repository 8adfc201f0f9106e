#include "core/secrets/secret_box.hpp"

#include <vector>

#include <sodium.h>

#include "core/secrets/secret_error.hpp"
#include "core/secrets/sodium.hpp"

namespace dcm::core::secrets {
namespace {

constexpr std::size_t kNonceSize = crypto_secretbox_NONCEBYTES;
constexpr std::size_t kMacSize = crypto_secretbox_MACBYTES;

}  // namespace

SecretBox SecretBox::from_key_file(const std::filesystem::path& key_file) {
  return SecretBox(load_or_create_key_file(key_file).derive(kKeyContext));
}

std::string SecretBox::seal(std::string_view plaintext) const {
  ensure_sodium();
  std::vector<unsigned char> box(kNonceSize + kMacSize + plaintext.size());
  randombytes_buf(box.data(), kNonceSize);
  crypto_secretbox_easy(box.data() + kNonceSize, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), box.data(), key_.bytes().data());
  return std::string(kPrefix) + base64_encode(box, Base64::kStandard);
}

std::string SecretBox::open(std::string_view sealed) const {
  if (!looks_sealed(sealed)) {
    throw SecretError("not a sealed secret (expected text starting with \"sb1:\")");
  }
  auto box = base64_decode(sealed.substr(kPrefix.size()), Base64::kStandard);
  if (!box) {
    throw SecretError("sealed secret is damaged (not valid base64)");
  }
  if (box->size() < kNonceSize + kMacSize) {
    throw SecretError("sealed secret is damaged (too short)");
  }
  std::string plaintext(box->size() - kNonceSize - kMacSize, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()), box->data() + kNonceSize,
                                 box->size() - kNonceSize, box->data(), key_.bytes().data()) != 0) {
    throw SecretError("sealed secret cannot be opened (sealed under another key, or damaged)");
  }
  return plaintext;
}

}  // namespace dcm::core::secrets
