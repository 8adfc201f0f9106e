// Secrets kept in files of their own (password_file: in servers.yaml, a Telegram token file, docker and
// systemd credentials): one line, read whole, never echoed in an error.
#pragma once

#include <filesystem>
#include <string>

namespace dcm::core::secrets {

// The file's one line without its line ending ("\n" or "\r\n"). Throws SecretError "PATH: reason" when
// the file cannot be read, is empty, is larger than 4 KiB, or holds more than one line (a trailing newline
// is fine). Spaces inside the line are kept: they may be part of the secret.
std::string read_secret_file(const std::filesystem::path& path);

}  // namespace dcm::core::secrets
