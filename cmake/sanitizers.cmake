# -DAGORAS_SANITIZE=ON builds everything, plugins included, with ASan and UBSan; UBSan reports abort
# so that the test suite fails on them.
option(AGORAS_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(AGORAS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
