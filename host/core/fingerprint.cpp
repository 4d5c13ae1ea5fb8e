#include "core/fingerprint.hpp"

#include <cstdint>
#include <cstdio>

namespace agoras::host::core {

std::string fingerprint(const std::string& data) {
    std::string out;
    for (std::uint64_t hash : {14695981039346656037ULL, 0x6c62272e07bb0142ULL}) {
        for (unsigned char c : data) hash = (hash ^ c) * 1099511628211ULL;
        char text[17];
        std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
        out += text;
    }
    return out;
}

}  // namespace agoras::host::core
