# Front-end packages from npm (web/package.json + package-lock.json), installed into the build tree with
# `npm ci` once, and embedded into the binaries: the daemons serve them from memory, no CDN at run time.
# Installed when CMake configures (again whenever the lock file changes), so that every directory's embed
# step can depend on the files directly.
find_program(NPM_EXECUTABLE npm REQUIRED)
set(DCM_NODE_MODULES ${CMAKE_BINARY_DIR}/web/node_modules)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/package-lock.json)
file(SHA256 ${CMAKE_SOURCE_DIR}/web/package-lock.json DCM_WEB_LOCK_HASH)
if(NOT EXISTS ${CMAKE_BINARY_DIR}/web/.installed-${DCM_WEB_LOCK_HASH})
  file(REMOVE_RECURSE ${CMAKE_BINARY_DIR}/web)
  file(COPY ${CMAKE_SOURCE_DIR}/web/package.json ${CMAKE_SOURCE_DIR}/web/package-lock.json
       DESTINATION ${CMAKE_BINARY_DIR}/web)
  message(STATUS "npm ci (web/package-lock.json)")
  execute_process(
    COMMAND ${NPM_EXECUTABLE} ci --no-audit --no-fund --loglevel=error
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/web
    RESULT_VARIABLE npm_result)
  if(NOT npm_result EQUAL 0)
    message(FATAL_ERROR "npm ci failed in ${CMAKE_BINARY_DIR}/web (the npm registry must be reachable; "
                        "scripts/deps installs npm)")
  endif()
  file(TOUCH ${CMAKE_BINARY_DIR}/web/.installed-${DCM_WEB_LOCK_HASH})
endif()

# dcm_embed_assets(<target> NAME <name> ASSETS <url-path>=<file> ...)
# Generates a source defining `std::span<const dcm::core::web::Asset> dcm::assets::<name>()` with each file's
# bytes, and adds it to <target>. Content types come from the file extension.
function(dcm_embed_assets target)
  cmake_parse_arguments(ARG "" "NAME" "ASSETS" ${ARGN})
  set(output ${CMAKE_BINARY_DIR}/generated/assets_${ARG_NAME}.cpp)
  set(files)
  set(pairs)
  foreach(entry ${ARG_ASSETS})
    string(FIND "${entry}" "=" split)
    string(SUBSTRING "${entry}" 0 ${split} url)
    math(EXPR start "${split} + 1")
    string(SUBSTRING "${entry}" ${start} -1 file)
    list(APPEND files ${file})
    list(APPEND pairs "${url}=${file}")
  endforeach()
  string(REPLACE ";" "|" pairs_arg "${pairs}")
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DNAME=${ARG_NAME} "-DPAIRS=${pairs_arg}" -DOUT=${output}
            -P ${CMAKE_SOURCE_DIR}/cmake/write_assets.cmake
    DEPENDS ${files} ${CMAKE_SOURCE_DIR}/cmake/write_assets.cmake
    COMMENT "Embedding ${ARG_NAME} web assets"
    VERBATIM)
  target_sources(${target} PRIVATE ${output})
endfunction()
