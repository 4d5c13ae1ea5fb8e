#include "clock.hpp"

#include "core/environment.hpp"

#include <chrono>
#include <cstdlib>
#include <thread>

namespace agoras::host {

std::int64_t now_unix_ms() {
    if (const auto fixed = core::env("AGORAS_NOW")) return std::strtoll(fixed->c_str(), nullptr, 10) * 1000;
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

double sleep_scale() {
    double scale = 1.0;
    if (const auto text = core::env("AGORAS_SLEEP_SCALE")) {
        scale = std::strtod(text->c_str(), nullptr);
        if (!(scale >= 0.0 && scale <= 1.0)) scale = 1.0;
    }
    return scale;
}

}  // namespace

void sleep_ms(std::uint64_t milliseconds) {
    std::this_thread::sleep_for(
        std::chrono::microseconds(static_cast<std::int64_t>(static_cast<double>(milliseconds) * 1000.0 * sleep_scale())));
}

std::uint64_t scaled_ms(std::uint64_t milliseconds) {
    return static_cast<std::uint64_t>(static_cast<double>(milliseconds) * sleep_scale());
}

}  // namespace agoras::host
