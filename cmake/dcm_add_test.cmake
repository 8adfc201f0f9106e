include(GoogleTest)
find_package(GTest REQUIRED)

# dcm_add_test(<target> SOURCES <files...> LABELS unit|integration|browser [LIBS <targets...>] [TIMEOUT s])
# Builds one GoogleTest executable and registers each TEST as its own CTest entry, with the label and
# the fixture, binary and source directories compiled into dcm_test_support (environment variables
# DCM_FIXTURES, DCM_BIN_DIR, DCM_SOURCE_DIR override them), so tests never hard-code paths.
function(dcm_add_test target)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LABELS;LIBS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE dcm_test_support ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  dcm_set_warnings(${target})
  gtest_discover_tests(${target}
    DISCOVERY_MODE PRE_TEST
    PROPERTIES
      LABELS "${ARG_LABELS}"
      TIMEOUT ${ARG_TIMEOUT})
endfunction()
