#include "plugins/host_services.hpp"

#include "log/logging.hpp"
#include "log/redactor.hpp"
#include "output/result_output.hpp"
#include "status_error.hpp"

#include <chrono>
#include <cstring>
#include <thread>

namespace agoras::host::plugins {

void copy_error(agoras_error* error, const std::string& message) noexcept {
    if (error == nullptr || error->message == nullptr || error->capacity == 0) return;
    const std::size_t n = std::min(message.size(), error->capacity - 1);
    std::memcpy(error->message, message.data(), n);
    error->message[n] = '\0';
}

HostServices::HostServices(const std::string& plugin_id) : logger_(log::plugin_logger(plugin_id)) {
    table_.struct_size = sizeof(agoras_host_services);
    table_.abi_major = AGORAS_ABI_MAJOR;
    table_.abi_minor = AGORAS_ABI_MINOR;
    table_.context = this;
    table_.log = &HostServices::log;
    table_.emit_result = &HostServices::emit_result;
    table_.progress = &HostServices::progress;
    table_.register_secret = &HostServices::register_secret;
    table_.now_unix_ms = &HostServices::now_unix_ms;
    table_.sleep_ms = &HostServices::sleep_ms;
}

// Every entry point catches everything: an exception must never unwind into plugin code.

void HostServices::log(void* context, uint32_t level, const char* message) {
    try {
        auto& logger = *static_cast<HostServices*>(context)->logger_;
        const char* text = message != nullptr ? message : "";
        switch (level) {
        case AGORAS_LOG_DEBUG: logger.debug("{}", text); break;
        case AGORAS_LOG_INFO: logger.info("{}", text); break;
        case AGORAS_LOG_WARNING: logger.warn("{}", text); break;
        case AGORAS_LOG_ERROR: logger.error("{}", text); break;
        default: logger.critical("{}", text); break;
        }
    } catch (...) {
    }
}

agoras_status HostServices::emit_result(void*, const char* json_object, agoras_error* error) {
    try {
        output::emit_result(json_object != nullptr ? json_object : "");
        return AGORAS_OK;
    } catch (const StatusError& e) {
        copy_error(error, e.what());
        return e.status();
    } catch (const std::exception& e) {
        copy_error(error, e.what());
        return AGORAS_ERR_GENERIC;
    }
}

void HostServices::progress(void*, const char* message) {
    try {
        output::progress(message != nullptr ? message : "");
    } catch (...) {
    }
}

void HostServices::register_secret(void*, const char* value) {
    try {
        if (value != nullptr) log::add_secret(value);
    } catch (...) {
    }
}

int64_t HostServices::now_unix_ms(void*) {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void HostServices::sleep_ms(void*, uint32_t milliseconds) {
    std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds));
}

}  // namespace agoras::host::plugins
