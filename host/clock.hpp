// Time as the host and its plugins see it. Two test aids (docs/testing.md):
// AGORAS_NOW (Unix seconds) fixes the clock, AGORAS_SLEEP_SCALE (e.g. 0.01) shortens every wait.
#pragma once

#include <cstdint>

namespace agoras::host {

std::int64_t now_unix_ms();
void sleep_ms(std::uint64_t milliseconds);
// `milliseconds` times AGORAS_SLEEP_SCALE (1 when unset or out of 0..1).
std::uint64_t scaled_ms(std::uint64_t milliseconds);

}  // namespace agoras::host
