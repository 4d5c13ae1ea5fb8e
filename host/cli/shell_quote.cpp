#include "cli/shell_quote.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace agoras::host::cli {

std::string shell_quoted(const std::string& word) {
    const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
        return std::isalnum(c) || std::string_view("_@%+=:,./-").find(static_cast<char>(c)) != std::string_view::npos;
    });
    if (safe) return word;
    std::string out = "'";
    for (const char c : word) out += c == '\'' ? std::string("'\"'\"'") : std::string(1, c);
    return out + "'";
}

}  // namespace agoras::host::cli
