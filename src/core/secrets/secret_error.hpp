// The one error type of core/secrets. Messages name the file or the operation that failed and never carry
// key material, plaintext or a password.
#pragma once

#include <stdexcept>

namespace dcm::core::secrets {

class SecretError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace dcm::core::secrets
