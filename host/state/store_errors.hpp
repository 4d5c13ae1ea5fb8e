// How the state store's files report trouble: every SQLite failure becomes exit 8 naming the file.
#pragma once

#include "state/store.hpp"
#include "status_error.hpp"

#include <SQLiteCpp/Exception.h>

#include <filesystem>
#include <string>

namespace agoras::host::state {

[[noreturn]] inline void fail(const std::filesystem::path& file, const std::string& what) {
    throw StatusError(AGORAS_ERR_STORAGE, "the state store " + file.string() + " " + what);
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
