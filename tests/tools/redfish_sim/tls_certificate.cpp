#include "tests/tools/redfish_sim/tls_certificate.hpp"

#include <stdexcept>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

namespace dcm::test::redfish_sim {
namespace {

[[noreturn]] void fail(const char* step) {
  char reason[256] = "unknown error";
  ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
  throw std::runtime_error(std::string("self-signed certificate: ") + step + ": " + reason);
}

}  // namespace

TlsCertificate::TlsCertificate() {
  key_.reset(EVP_EC_gen("P-256"));
  if (!key_) {
    fail("EC key generation");
  }
  certificate_.reset(X509_new());
  X509* x = certificate_.get();
  if (x == nullptr || X509_set_version(x, 2) != 1) {
    fail("X509_new");
  }
  unsigned char serial[8];
  if (RAND_bytes(serial, sizeof serial) != 1) {
    fail("serial number");
  }
  serial[0] &= 0x7f;
  BIGNUM* number = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(number, X509_get_serialNumber(x));
  BN_free(number);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
  X509_set_pubkey(x, key_.get());
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("dcm test"), -1,
                             -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("redfish-sim"),
                             -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, x, x, nullptr, nullptr, 0);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
  if (san == nullptr || X509_add_ext(x, san, -1) != 1) {
    fail("subjectAltName");
  }
  X509_EXTENSION_free(san);
  if (X509_sign(x, key_.get(), EVP_sha256()) == 0) {
    fail("signing");
  }
}

std::string TlsCertificate::certificate_pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, certificate_.get());
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return pem;
}

}  // namespace dcm::test::redfish_sim
