# Bluesky's parsers under libFuzzer (included by tests/fuzz/CMakeLists.txt; seeds in corpus/<harness>/).
agoras_fuzzer(fuzz_facets ${root}/plugins/bluesky/richtext.cpp ${root}/plugins/common/text.cpp ${root}/plugins/common/graphemes.cpp)
target_include_directories(fuzz_facets PRIVATE ${root}/plugins/bluesky)
target_link_libraries(fuzz_facets PRIVATE PkgConfig::UTF8PROC)
agoras_fuzzer(fuzz_image ${root}/plugins/bluesky/image_prep.cpp ${root}/plugins/common/media.cpp)
target_include_directories(fuzz_image PRIVATE ${root}/plugins/bluesky)
find_package(PNG REQUIRED)
pkg_check_modules(TURBOJPEG REQUIRED IMPORTED_TARGET libturbojpeg)
target_link_libraries(fuzz_image PRIVATE PkgConfig::TURBOJPEG PNG::PNG)
