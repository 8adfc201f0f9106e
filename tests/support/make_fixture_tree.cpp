// dcm-fixture-tree SRC DEST: copies a fixture tree (symlinks kept) and turns every resource0.regs text spec
// into the sparse binary BAR file resource0, so that dc-exporter can be run on the result with --sysfs-root.
#include <exception>
#include <iostream>
#include <string_view>

#include "tests/support/fixture_tree.hpp"

int main(int argc, char** argv) {
  if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
    std::cout << "usage: dcm-fixture-tree SRC DEST\n"
                 "Copies the fixture tree SRC into DEST, keeping symlinks, and writes every <name>.regs\n"
                 "register spec (\"OFFSET VALUE\" hex lines) as the sparse binary file <name>.\n";
    return 0;
  }
  if (argc != 3) {
    std::cerr << "usage: dcm-fixture-tree SRC DEST\n";
    return 2;
  }
  try {
    dcm::test::materialize_fixture(argv[1], argv[2]);
  } catch (const std::exception& e) {
    std::cerr << "dcm-fixture-tree: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
