# What `agoras help` makes from the declarations of the built plugins: the man page agoras(1) and the
# shell completion scripts, built with everything and installed; and docs/reference.md, rewritten by
# the `reference` target (a test fails when the committed one is stale). Run with only the build's
# plugins: no AGORAS_PLUGIN_PATH, no per-user plugin directory.
get_property(AGORAS_FIRST_PARTY_PLUGINS GLOBAL PROPERTY AGORAS_FIRST_PARTY_PLUGINS)  # plugins/CMakeLists.txt
set(agoras_clean_env ${CMAKE_COMMAND} -E env --unset=AGORAS_PLUGIN_PATH XDG_DATA_HOME=${PROJECT_BINARY_DIR}/no-user-plugins
    AGORAS_STORAGE_DIR=${PROJECT_BINARY_DIR}/no-storage)
set(agoras_generated ${PROJECT_BINARY_DIR}/share)

function(agoras_generate output)
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${agoras_generated}/man/man1 ${agoras_generated}/bash-completion/completions
            ${agoras_generated}/fish/vendor_completions.d
    COMMAND ${agoras_clean_env} $<TARGET_FILE:agoras> ${ARGN} > ${output}
    DEPENDS agoras ${AGORAS_FIRST_PARTY_PLUGINS}
    VERBATIM)
endfunction()

agoras_generate(${agoras_generated}/man/man1/agoras.1 help man)
agoras_generate(${agoras_generated}/bash-completion/completions/agoras completion bash)
agoras_generate(${agoras_generated}/fish/vendor_completions.d/agoras.fish completion fish)
add_custom_target(agoras_generated_docs ALL DEPENDS ${agoras_generated}/man/man1/agoras.1
  ${agoras_generated}/bash-completion/completions/agoras ${agoras_generated}/fish/vendor_completions.d/agoras.fish)
install(FILES ${agoras_generated}/man/man1/agoras.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${agoras_generated}/bash-completion/completions/agoras DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${agoras_generated}/fish/vendor_completions.d/agoras.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

add_custom_target(reference
  COMMAND ${agoras_clean_env} $<TARGET_FILE:agoras> help reference > ${PROJECT_SOURCE_DIR}/docs/reference.md
  DEPENDS agoras ${AGORAS_FIRST_PARTY_PLUGINS}
  COMMENT "Rewriting docs/reference.md from the declarations"
  VERBATIM)
