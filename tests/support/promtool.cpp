#include "tests/support/promtool.hpp"

#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/support/process.hpp"

namespace dcm::test {

std::vector<std::string> promtool_check_metrics(const std::string& exposition) {
  auto result = run_process({"promtool", "check", "metrics"}, exposition);
  // promtool exits 0 when clean, 3 when it has lint findings, 1 on a parse error.
  if (result.exit_code != 0 && result.exit_code != 3) {
    ADD_FAILURE() << "promtool check metrics failed (exit " << result.exit_code << "): " << result.err
                  << result.out;
    return {};
  }
  std::vector<std::string> findings;
  std::istringstream lines(result.err + result.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) {
      findings.push_back(line);
    }
  }
  std::sort(findings.begin(), findings.end());
  findings.erase(std::unique(findings.begin(), findings.end()), findings.end());
  return findings;
}

}  // namespace dcm::test
