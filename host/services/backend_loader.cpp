#include "services/backend_loader.hpp"

#include "core/environment.hpp"
#include "services/library.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <dlfcn.h>

#include <cstring>
#include <filesystem>

namespace agoras::host::services {
namespace {

// The entry of lib/agoras/`file`, loaded on first use and never closed (the services' objects live until the
// process ends).
LibraryEntry load_entry(const char* file) {
    std::filesystem::path directory;
    if (const auto configured = core::env("AGORAS_SERVICES_LIBRARY")) {
        directory = std::filesystem::path(*configured).parent_path();
    } else {
        boost::dll::fs::error_code ignored;
        directory = boost::dll::program_location(ignored).parent_path().parent_path() / "lib" / "agoras";
    }
    const std::string path = (directory / file).string();
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = dlerror();
        throw StatusError(AGORAS_ERR_GENERIC, "agoras is incompletely installed: cannot load " + path + " (" +
                                                  (why != nullptr ? why : "unknown error") + ")");
    }
    auto found = reinterpret_cast<LibraryEntry>(dlsym(handle, kLibraryEntrySymbol));
    if (found == nullptr) throw StatusError(AGORAS_ERR_GENERIC, path + " is not an agoras services library");
    return found;
}

LibraryEntry library_entry(const char* id) {
    if (std::strcmp(id, FeedsApi::kId) == 0) {
        static const LibraryEntry feeds = load_entry(kFeedsLibrary);
        return feeds;
    }
    if (std::strcmp(id, NetApi::kId) == 0) {
        static const LibraryEntry net = load_entry(kNetLibrary);
        return net;
    }
    static const LibraryEntry services = load_entry(kServicesLibrary);
    return services;
}

}  // namespace

void* library_service(const char* id) {
    void* api = library_entry(id)(id);
    if (api == nullptr) {
        throw StatusError(AGORAS_ERR_GENERIC, std::string("the agoras services library lacks the ") + id +
                                                  " service (an incomplete install)");
    }
    return api;
}

}  // namespace agoras::host::services
