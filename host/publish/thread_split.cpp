#include "publish/thread_split.hpp"

namespace agoras::host::publish {
namespace {

bool starts_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

// The byte offset after `count` code points of `text` (or its end).
std::size_t offset_of(const std::string& text, std::size_t count) {
    std::size_t i = 0;
    for (std::size_t seen = 0; i < text.size(); ++i) {
        if (starts_code_point(text[i]) && seen++ == count) break;
    }
    return i;
}

// Where to end a piece taken from `window`: after a sentence in its second half, else at its last
// space, else at its end.
std::size_t cut_in(const std::string& window) {
    std::size_t cut = std::string::npos;
    for (const char* end : {". ", "! ", "? ", "\n"}) {
        const auto at = window.rfind(end);
        if (at != std::string::npos && at > window.size() / 2 && (cut == std::string::npos || at > cut)) cut = at + 1;
    }
    if (cut != std::string::npos) return cut;
    const auto space = window.rfind(' ');
    return space != std::string::npos && space > 0 ? space : window.size();
}

}  // namespace

std::size_t code_points(const std::string& text) {
    std::size_t n = 0;
    for (char c : text) n += starts_code_point(c);
    return n;
}

std::vector<std::string> split_for_thread(const std::string& text, std::size_t limit) {
    constexpr std::size_t kNumbering = 8;  // " 12/34" and some room
    if (limit <= kNumbering + 10) return {};
    const std::size_t room = limit - kNumbering;
    std::vector<std::string> pieces;
    std::string rest = text;
    while (code_points(rest) > room) {
        const std::size_t cut = cut_in(rest.substr(0, offset_of(rest, room)));
        pieces.push_back(rest.substr(0, cut));
        rest = rest.substr(cut);
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) rest.erase(0, 1);
        while (!pieces.back().empty() && pieces.back().back() == ' ') pieces.back().pop_back();
    }
    if (!rest.empty()) pieces.push_back(rest);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        pieces[i] += " " + std::to_string(i + 1) + "/" + std::to_string(pieces.size());
    }
    return pieces;
}

}  // namespace agoras::host::publish
