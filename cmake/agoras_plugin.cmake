# agoras_add_plugin(<target> SOURCES <file>... [OUTPUT_DIR <dir>] [NO_INSTALL])
#
# Builds an agoras platform plugin the way the host expects it: a MODULE named <target>.so (no "lib"
# prefix), hidden visibility so that only the entry symbol is exported, every dependency linked
# (-Wl,--no-undefined), static libraries kept private (--exclude-libs), C++17, and installed into
# ${AGORAS_PLUGIN_INSTALL_DIR} (default lib/agoras/plugins under the install prefix; set it to an
# absolute directory such as ~/.local/share/agoras/plugins for a per-user install).
#
# Used by the agoras build itself and installed with the plugin SDK (find_package(AgorasPluginSDK)).
include_guard(GLOBAL)

if(NOT DEFINED AGORAS_PLUGIN_INSTALL_DIR)
  set(AGORAS_PLUGIN_INSTALL_DIR "lib/agoras/plugins" CACHE STRING "Where agoras_add_plugin installs plugins")
endif()

function(agoras_add_plugin target)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIR" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "agoras_add_plugin(${target}): SOURCES is required")
  endif()
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE Agoras::plugin_api)
  target_compile_features(${target} PRIVATE cxx_std_17)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR})
  endif()
  if(NOT APPLE)
    target_link_options(${target} PRIVATE -Wl,--no-undefined -Wl,--exclude-libs,ALL)
  endif()
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION ${AGORAS_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
