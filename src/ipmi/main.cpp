#include "ipmi/app.hpp"

int main(int argc, char** argv) {
  return dcm::ipmi::run_main(argc, argv);
}
