#include <iostream>

#include "overview/app.hpp"

int main(int argc, char** argv) {
  return dcm::overview::run_main(argc, argv, std::cout, std::cerr);
}
