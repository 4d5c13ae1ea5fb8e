#include "little.hpp"

namespace agoras::linkedin {

std::string escape_little(const std::string& text) {
    static const std::string reserved = "\\|{}@[]()<>#*_~";
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        if (reserved.find(c) != std::string::npos) out += '\\';
        out += c;
    }
    return out;
}

}  // namespace agoras::linkedin
