# Warning flags as an INTERFACE target, so third-party code and system headers stay untouched.
add_library(agoras_warnings INTERFACE)
target_compile_options(agoras_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                                 -Wno-sign-conversion)
option(AGORAS_WERROR "Treat warnings as errors" OFF)
if(AGORAS_WERROR)
  target_compile_options(agoras_warnings INTERFACE -Werror)
endif()
