# build_info.hpp carries the version from project() and the build date, stamped when the build runs
# (format of the seed: "Jan 14 2026"). The date is regenerated on every build by a custom target, so a
# binary always reports the day it was linked, not the day CMake was configured.
set(DCM_BUILD_INFO_DIR ${CMAKE_BINARY_DIR}/generated)
file(MAKE_DIRECTORY ${DCM_BUILD_INFO_DIR}/core)
add_custom_target(dcm_build_info_header
  COMMAND ${CMAKE_COMMAND}
          -DVERSION=${PROJECT_VERSION}
          -DOUT=${DCM_BUILD_INFO_DIR}/core/build_info.hpp
          -P ${CMAKE_SOURCE_DIR}/cmake/write_build_info.cmake
  BYPRODUCTS ${DCM_BUILD_INFO_DIR}/core/build_info.hpp
  COMMENT "Stamping build date")
