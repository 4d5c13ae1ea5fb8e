// How the state store's files report trouble: every SQLite failure becomes exit 8 naming the file.
#pragma once

#include "status_error.hpp"

#include <SQLiteCpp/Exception.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace agoras::host::state {

[[noreturn]] inline void fail(const std::filesystem::path& file, const std::string& what) {
    throw StatusError(AGORAS_ERR_STORAGE, "the state store " + file.string() + " " + what);
}

inline std::int64_t now_seconds() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

template <typename Body>
decltype(auto) guarded(const std::filesystem::path& file, Body&& body) {
    try {
        return body();
    } catch (const SQLite::Exception& e) {
        fail(file, std::string("cannot be used: ") + e.what());
    }
}

}  // namespace agoras::host::state
