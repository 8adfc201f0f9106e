#include "tests/support/golden.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {

std::string filter_volatile(std::string_view exposition) {
  static constexpr std::array<std::string_view, 2> kVolatile{
      "dc_exporter_build_info{",
      "dc_exporter_collector_duration_seconds{",
  };
  std::string out;
  size_t start = 0;
  while (start < exposition.size()) {
    auto end = exposition.find('\n', start);
    if (end == std::string_view::npos) {
      end = exposition.size();
    }
    auto line = exposition.substr(start, end - start);
    bool drop = false;
    for (auto prefix : kVolatile) {
      drop = drop || line.starts_with(prefix);
    }
    if (!drop) {
      out.append(line);
      out += '\n';
    }
    start = end + 1;
  }
  return out;
}

void expect_matches_golden(const std::string& actual, std::string_view golden) {
  const auto path = fixture_path(golden);
  const char* update = std::getenv("DCM_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    write_file(path, actual);
    return;
  }
  if (!std::filesystem::exists(path)) {
    ADD_FAILURE() << path << " does not exist; run with DCM_UPDATE_GOLDEN=1 to create it";
    return;
  }
  const auto expected = read_file(path);
  if (expected == actual) {
    return;
  }
  TempDir scratch;
  write_file(scratch / "actual", actual);
  auto diff = run_process({"diff", "-u", "--label", std::string(golden), "--label", "actual", path.string(),
                           (scratch / "actual").string()});
  ADD_FAILURE() << "output differs from " << golden << " (DCM_UPDATE_GOLDEN=1 rewrites it):\n" << diff.out;
}

}  // namespace dcm::test
