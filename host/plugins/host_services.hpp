// The table of host services handed to one plugin (see agoras_host_services in plugin_abi.h).
// Each plugin gets its own table, so log lines are tagged with its id and, later, the vault is
// scoped to its platform. The table must outlive the plugin's state.
#pragma once

#include <agoras/plugin_abi.h>

#include <spdlog/logger.h>

#include <memory>
#include <string>

namespace agoras::host::plugins {

class HostServices {
public:
    explicit HostServices(const std::string& plugin_id);
    HostServices(const HostServices&) = delete;
    HostServices& operator=(const HostServices&) = delete;

    const agoras_host_services* table() const { return &table_; }

    // The platform whose vault records the plugin sees during the current action.
    void set_platform(const std::string& platform) { platform_ = platform; }

private:
    static void log(void* context, uint32_t level, const char* message);
    static agoras_status emit_result(void* context, const char* json_object, agoras_error* error);
    static void progress(void* context, const char* message);
    static void register_secret(void* context, const char* value);
    static int64_t now_unix_ms(void* context);
    static void sleep_ms(void* context, uint32_t milliseconds);
    static agoras_status vault_get(void* context, const char* identifier, agoras_string_sink sink, void* sink_context,
                                   int32_t* found, agoras_error* error);
    static agoras_status vault_put(void* context, const char* identifier, const char* fields_json,
                                   int64_t expires_at_unix, agoras_error* error);
    static agoras_status vault_delete(void* context, const char* identifier, int32_t* existed, agoras_error* error);
    static agoras_status vault_list(void* context, agoras_string_sink sink, void* sink_context, agoras_error* error);
    static agoras_status vault_update(void* context, const char* identifier, agoras_vault_update_fn update,
                                      void* update_context, int64_t expires_at_unix, agoras_error* error);
    static agoras_status http_request(void* context, const agoras_http_request* request,
                                      agoras_http_response* response, agoras_error* error);
    static agoras_status oauth_authorize(void* context, const agoras_oauth_request* request,
                                         agoras_string_sink code_sink, void* code_context, agoras_error* error);

    std::string platform_;
    std::shared_ptr<spdlog::logger> logger_;
    agoras_host_services table_{};
};

// Copies `message` into a caller-owned error buffer, truncating as needed.
void copy_error(agoras_error* error, const std::string& message) noexcept;

}  // namespace agoras::host::plugins
