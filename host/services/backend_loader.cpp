#include "services/backend_loader.hpp"

#include "core/environment.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <dlfcn.h>

#include <cstdlib>

namespace agoras::host::services {

Backend& backend() {
    static Backend* instance = [] {
        std::string path;
        if (const auto configured = core::env("AGORAS_SERVICES_LIBRARY")) {
            path = *configured;
        } else {
            boost::dll::fs::error_code ignored;
            path = (boost::dll::program_location(ignored).parent_path().parent_path() / "lib" / "agoras" /
                    "libagoras-services.so")
                       .string();
        }
        // Never closed: the backend's objects live until the process ends.
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* why = dlerror();
            throw StatusError(AGORAS_ERR_GENERIC, "agoras is incompletely installed: cannot load " + path + " (" +
                                                      (why != nullptr ? why : "unknown error") + ")");
        }
        auto entry = reinterpret_cast<BackendEntry>(dlsym(handle, kBackendEntrySymbol));
        Backend* loaded = entry != nullptr ? entry() : nullptr;
        if (loaded == nullptr) throw StatusError(AGORAS_ERR_GENERIC, path + " is not the agoras services library");
        return loaded;
    }();
    return *instance;
}

}  // namespace agoras::host::services
