# `cpack -G DEB` (from the build directory) makes three Debian packages:
#   agoras             the program, its services library, the first-party plugins, the man page, completions
#   agoras-plugin-sdk  the plugin SDK: headers, CMake package, pkg-config file
#   agoras-sandbox     the local stand-in for the platforms (a test tool, in libexec/agoras)
# Dependencies are computed from the binaries (dpkg-shlibdeps).
set(CPACK_PACKAGE_NAME agoras)
set(CPACK_PACKAGE_VENDOR "agoras")
set(CPACK_PACKAGE_CONTACT "agoras maintainers <agoras@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL agoras sdk sandbox)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)  # debug information stays in the build tree
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_AGORAS_PACKAGE_NAME agoras)
set(CPACK_DEBIAN_SDK_PACKAGE_NAME agoras-plugin-sdk)
set(CPACK_DEBIAN_SDK_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_SANDBOX_PACKAGE_NAME agoras-sandbox)
set(CPACK_COMPONENT_AGORAS_DESCRIPTION "Publish to social networks from the command line, from scripts and from CI")
set(CPACK_COMPONENT_SDK_DESCRIPTION "Headers, CMake package and pkg-config file to build agoras platform plugins")
set(CPACK_COMPONENT_SANDBOX_DESCRIPTION "A local server that answers like the platforms agoras publishes to (for tests)")
include(CPack)

# `cmake --build --preset dev --target portable`: build/portable/agoras-<version>-linux-x86_64.tar.gz, the program
# with every library it needs beyond glibc, runnable wherever it is unpacked (scripts/portable.sh, docs/ci.md).
add_custom_target(portable
  COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/portable.sh ${PROJECT_BINARY_DIR} ${PROJECT_BINARY_DIR}/portable
  DEPENDS agoras agoras-services agoras-feeds agoras-postgres agoras-sandbox
  USES_TERMINAL)
get_property(agoras_portable_plugins GLOBAL PROPERTY AGORAS_FIRST_PARTY_PLUGINS)
if(agoras_portable_plugins)
  add_dependencies(portable ${agoras_portable_plugins})
endif()
