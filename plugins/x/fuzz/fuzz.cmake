# X's weighted length under libFuzzer (included by tests/fuzz/CMakeLists.txt; seeds in corpus/).
agoras_fuzzer(fuzz_x_length ${root}/plugins/x/weighted_length.cpp)
target_include_directories(fuzz_x_length PRIVATE ${root}/plugins/x)
pkg_check_modules(PSL REQUIRED IMPORTED_TARGET libpsl)
target_link_libraries(fuzz_x_length PRIVATE PkgConfig::UTF8PROC PkgConfig::PSL)
