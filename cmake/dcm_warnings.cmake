# Warnings are errors in every configuration: a warning is a bug we have not looked at yet.
function(dcm_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Woverloaded-virtual -Wformat=2 -Werror)
endfunction()
