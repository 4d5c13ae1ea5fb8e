#include "services/backend_loader.hpp"

#include "core/environment.hpp"
#include "services/library.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <dlfcn.h>

namespace agoras::host::services {
namespace {

LibraryEntry library_entry() {
    static const LibraryEntry entry = [] {
        std::string path;
        if (const auto configured = core::env("AGORAS_SERVICES_LIBRARY")) {
            path = *configured;
        } else {
            boost::dll::fs::error_code ignored;
            path = (boost::dll::program_location(ignored).parent_path().parent_path() / "lib" / "agoras" /
                    "libagoras-services.so")
                       .string();
        }
        // Never closed: the services' objects live until the process ends.
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* why = dlerror();
            throw StatusError(AGORAS_ERR_GENERIC, "agoras is incompletely installed: cannot load " + path + " (" +
                                                      (why != nullptr ? why : "unknown error") + ")");
        }
        auto found = reinterpret_cast<LibraryEntry>(dlsym(handle, kLibraryEntrySymbol));
        if (found == nullptr) throw StatusError(AGORAS_ERR_GENERIC, path + " is not the agoras services library");
        return found;
    }();
    return entry;
}

}  // namespace

void* library_service(const char* id) {
    void* api = library_entry()(id);
    if (api == nullptr) {
        throw StatusError(AGORAS_ERR_GENERIC, std::string("the agoras services library lacks the ") + id +
                                                  " service (an incomplete install)");
    }
    return api;
}

}  // namespace agoras::host::services
