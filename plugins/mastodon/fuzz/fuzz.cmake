# Mastodon's length counting under libFuzzer (included by tests/fuzz/CMakeLists.txt; seeds in corpus/).
agoras_fuzzer(fuzz_mastodon_length ${root}/plugins/mastodon/length.cpp ${root}/plugins/common/text.cpp ${root}/plugins/common/graphemes.cpp)
target_include_directories(fuzz_mastodon_length PRIVATE ${root}/plugins/mastodon)
target_link_libraries(fuzz_mastodon_length PRIVATE PkgConfig::UTF8PROC)
