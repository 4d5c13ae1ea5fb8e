#include "clock.hpp"

#include <chrono>
#include <cstdlib>
#include <thread>

namespace agoras::host {

std::int64_t now_unix_ms() {
    if (const char* fixed = std::getenv("AGORAS_NOW"); fixed != nullptr && *fixed != '\0') {
        return std::strtoll(fixed, nullptr, 10) * 1000;
    }
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void sleep_ms(std::uint64_t milliseconds) {
    double scale = 1.0;
    if (const char* text = std::getenv("AGORAS_SLEEP_SCALE"); text != nullptr && *text != '\0') {
        scale = std::strtod(text, nullptr);
        if (!(scale >= 0.0 && scale <= 1.0)) scale = 1.0;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<std::int64_t>(static_cast<double>(milliseconds) * 1000.0 * scale)));
}

}  // namespace agoras::host
