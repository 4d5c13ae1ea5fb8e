// Asks for a missing secret option on the terminal with echo off, so that secrets need not be typed
// on the command line, where every local user can read them for as long as the command runs.
#pragma once

#include <optional>
#include <string>

namespace agoras::host::cli {

// Only when stdin and stderr are terminals; nullopt otherwise or when nothing was typed.
std::optional<std::string> prompt_secret(const std::string& option_name);

}  // namespace agoras::host::cli
