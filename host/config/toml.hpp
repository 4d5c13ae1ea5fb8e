// toml++ as the configuration code uses it: header-only, so that no shared library loads at start-up
// for the commands that never read the configuration, and errors as exceptions.
#pragma once

#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>
