// dc-overview's command line: init, generate, check. main.cpp only calls run_main; tests call run_main with
// their own streams.
#pragma once

#include <ostream>
#include <string>

namespace dcm::overview {

std::string version_line();
int run_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace dcm::overview
