// A self-signed certificate made at start-up (OpenSSL API, nothing on disk): an EC P-256 key and an X.509
// certificate for CN=redfish-sim with subjectAltName 127.0.0.1 and localhost, valid for a day. Real BMCs ship
// exactly this kind of certificate, which is why tls_verify exists per server.
#pragma once

#include <memory>
#include <string>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace dcm::test::redfish_sim {

class TlsCertificate {
 public:
  // Throws std::runtime_error with OpenSSL's reason when a step fails.
  TlsCertificate();
  X509* certificate() const { return certificate_.get(); }
  EVP_PKEY* key() const { return key_.get(); }
  std::string certificate_pem() const;

 private:
  struct FreeX509 {
    void operator()(X509* x) const { X509_free(x); }
  };
  struct FreeKey {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
  };
  std::unique_ptr<EVP_PKEY, FreeKey> key_;
  std::unique_ptr<X509, FreeX509> certificate_;
};

}  // namespace dcm::test::redfish_sim
