// "Did you mean": the candidate closest to a mistyped word (edit distance at most 2, or 1 for short
// words), for unknown platforms, actions and options.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace agoras::host::cli {

std::optional<std::string> closest(const std::string& word, const std::vector<std::string>& candidates);

// " (did you mean 'X'?)" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace agoras::host::cli
