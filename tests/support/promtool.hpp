// The real promtool, as tests use it: lint findings of `promtool check metrics`.
#pragma once

#include <string>
#include <vector>

namespace dcm::test {

// One finding a line, sorted and without repeats (promtool repeats a finding per series), exactly as
// promtool prints them; empty when the exposition is clean.
// Fails the test (ADD_FAILURE) when promtool is missing or reports a parse error rather than lint.
std::vector<std::string> promtool_check_metrics(const std::string& exposition);

}  // namespace dcm::test
