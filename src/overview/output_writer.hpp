// Writes a rendered OutputSet as the complete contents of a directory, never half: the files go into a
// fresh sibling directory first, which then takes the target's place in one rename (an exchange with
// renameat2 when the target exists). A target directory that dc-overview did not write (no marker file) and
// that is not empty is refused, so `--out .` cannot wipe a home directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "overview/output.hpp"

namespace dcm::overview {

struct WriteOptions {
  // Create OUT/.env as a symbolic link to this path (relative to OUT), so that `docker compose` run in OUT
  // finds the secrets.
  std::optional<std::string> env_link;
};

// Throws std::runtime_error ("PATH: reason") on any failure; the previous directory is then untouched and
// no temporary directory is left behind.
void write_output_dir(const OutputSet& files, const std::filesystem::path& out_dir,
                      const WriteOptions& options = {});

}  // namespace dcm::overview
