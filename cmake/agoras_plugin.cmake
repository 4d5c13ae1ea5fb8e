# agoras_add_plugin(<target> SOURCES ... [OUTPUT_DIR dir] [NO_INSTALL])
# Builds a plugin module the way the host expects: named <target>.so, hidden visibility, every
# dependency linked (--no-undefined), static libraries kept private (--exclude-libs).
function(agoras_add_plugin target)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIR" "SOURCES" ${ARGN})
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${AGORAS_PLUGIN_OUTPUT_DIR})
  endif()
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE agoras::plugin_api agoras_warnings)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR})
  target_link_options(${target} PRIVATE -Wl,--no-undefined -Wl,--exclude-libs,ALL)
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION ${AGORAS_PLUGIN_SUBDIR})
  endif()
endfunction()
