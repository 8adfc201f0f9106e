// A problem with one field of a server entry, before it is placed in a file: servers.yaml turns it into
// "file:line: servers[2].bmc: reason", servers.csv into "file:line: bmc: reason".
#pragma once

#include <stdexcept>
#include <string>

namespace dcm::ipmi::inventory {

class FieldError : public std::runtime_error {
 public:
  // `field` is the key ("bmc", "cipher_suite"), or "" for the entry as a whole (missing credentials).
  FieldError(std::string field, const std::string& reason)
      : std::runtime_error(reason), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// No user or no password for a server after its entry, the defaults and the environment; each file format
// says in its own words where one can be given.
class MissingCredential : public FieldError {
 public:
  explicit MissingCredential(std::string what) : FieldError("", "no " + what), what_(std::move(what)) {}
  const std::string& credential() const { return what_; }  // "user" or "password"

 private:
  std::string what_;
};

}  // namespace dcm::ipmi::inventory
