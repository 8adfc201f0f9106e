#include "exporter/app.hpp"

int main(int argc, char** argv) {
  return dcm::exporter::run_main(argc, argv);
}
