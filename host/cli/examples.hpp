// EXAMPLES for every help page and the man page, as gh shows them: written out for the built-in commands, made
// from the declaration for a platform's actions (its required options, its text, an image where it takes one).
#pragma once

#include "plugins/plugin_info.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace agoras::host::cli {

// The examples of a built-in command ("post", "auth", "utils feed-publish", ...); empty when it has none.
const std::vector<std::string>& command_examples(const std::string& command);
// Every built-in command's examples, in the order the man page shows them.
std::vector<std::string> all_command_examples();

// Command lines that run `action` of `platform`, made from its declaration.
std::vector<std::string> action_examples(const plugins::PlatformInfo& platform, const plugins::ActionInfo& action);

// "\nExamples:\n  $ …\n" (nothing when `examples` is empty).
void print_examples(std::ostream& out, const std::vector<std::string>& examples);

}  // namespace agoras::host::cli
