// ipmi-monitor as a library: command line, start-up (settings, inventory, store, key file), the collection
// engine, and the HTTP endpoints. main.cpp only forwards to run_main(); tests run the binary.
#pragma once

namespace dcm::ipmi {

inline constexpr int kDefaultPort = 5000;

int run_main(int argc, char** argv);

}  // namespace dcm::ipmi
