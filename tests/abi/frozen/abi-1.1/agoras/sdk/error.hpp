// The one error boundary of agoras, used by the plugin SDK and by the host alike: an exception that
// carries a status (which is the exit code), and the conversion of any exception into a status and a
// message where C code is on the other side. Mapping (written once, here):
//   agoras::sdk::Error      -> its status        (message: what())
//   std::exception          -> `fallback`        (message: what())
//   anything else           -> `fallback`        ("unknown exception")
// Plugins use AGORAS_ERR_PLUGIN as the fallback (a stray exception is a plugin bug), the host
// AGORAS_ERR_GENERIC.
#ifndef AGORAS_SDK_ERROR_HPP
#define AGORAS_SDK_ERROR_HPP

#include <agoras/plugin_abi.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

namespace agoras::sdk {

class Error : public std::runtime_error {
public:
    Error(agoras_status status, const std::string& message) : std::runtime_error(message), status_(status) {}
    agoras_status status() const noexcept { return status_; }

private:
    agoras_status status_;
};

namespace detail {

// The 1.0 services report errors into a buffer of the caller's; one size everywhere.
constexpr std::size_t kErrorCapacity = 2048;

inline void copy_message(agoras_error* error, const char* message) noexcept {
    if (error == nullptr || error->message == nullptr || error->capacity == 0) return;
    std::size_t n = std::strlen(message);
    if (n >= error->capacity) n = error->capacity - 1;
    std::memcpy(error->message, message, n);
    error->message[n] = '\0';
}

inline void append_to_string(void* target, const char* data, std::size_t size) {
    static_cast<std::string*>(target)->append(data, size);
}

// Runs `body`; every exception becomes a status, and its message goes to `report`.
template <typename Body, typename Report>
agoras_status convert_exceptions(agoras_status fallback, Report&& report, Body&& body) noexcept {
    try {
        body();
        return AGORAS_OK;
    } catch (const Error& e) {
        report(e.what());
        return e.status();
    } catch (const std::exception& e) {
        report(e.what());
        return fallback;
    } catch (...) {
        report("unknown exception");
        return fallback;
    }
}

// For 1.0 entry points: the message into a caller's buffer.
template <typename Body>
agoras_status guarded(agoras_error* error, Body&& body, agoras_status fallback = AGORAS_ERR_PLUGIN) noexcept {
    return convert_exceptions(fallback, [&](const char* message) noexcept { copy_message(error, message); },
                              std::forward<Body>(body));
}

// For 1.1 entry points: the whole message to a sink.
template <typename Body>
agoras_status guarded_to_sink(agoras_string_sink sink, void* context, Body&& body,
                              agoras_status fallback = AGORAS_ERR_PLUGIN) noexcept {
    return convert_exceptions(
        fallback,
        [&](const char* message) noexcept {
            if (sink != nullptr) sink(context, message, std::strlen(message));
        },
        std::forward<Body>(body));
}

}  // namespace detail
}  // namespace agoras::sdk

#endif
