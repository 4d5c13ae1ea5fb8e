// The services the host gives a plugin (agoras_host_services in plugin_abi.h), as a table whose
// context is a ServiceContext. The plugin-level context goes to init; each run of an action gets its
// own (ABI 1.1 agoras_invocation.host), with the run's platform and result sink, so several runs of
// one or several plugins can go on at once. A 1.0 plugin knows only the table it got at init: for
// its runs the host binds that context to the run (and runs a 1.0 plugin's actions one at a time).
#pragma once

#include <agoras/agoras.h>

#include <spdlog/logger.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace agoras::host::plugins {

// Receives one result, a JSON object; throws StatusError to refuse it.
using ResultSink = std::function<void(const std::string& json_object)>;

// Prints results on stdout, one line each (output/result_output.hpp).
ResultSink stdout_sink();

class ServiceContext {
public:
    // `secret_fields`: the vault fields each platform's plugin declares secret.
    using SecretFields = std::map<std::string, std::set<std::string>>;
    ServiceContext(const std::string& plugin_id, std::vector<std::string> platforms, SecretFields secret_fields = {});
    ServiceContext(const ServiceContext&) = delete;
    ServiceContext& operator=(const ServiceContext&) = delete;

    const agoras_host_services* table() const { return &table_; }

    // A context for one run: same plugin, its own platform and sink, (for a journaled publish) where
    // its checkpoints go (agoras.journal/1), and the account the user named: the run's vault sees it
    // as the platform's default account, so the plugin posts as that account whatever it was written
    // to read.
    std::unique_ptr<ServiceContext> for_run(const std::string& platform, ResultSink sink,
                                            ResultSink checkpoint_sink = {}, std::string account = {},
                                            std::atomic<bool>* uncertain_writes = nullptr) const;
    void checkpoint(const std::string& json_object) const;
    // A write of this run went out and may have happened, with no usable answer: if the run then
    // fails, its outcome is unknown rather than failed. Seen through `uncertain_writes` of for_run.
    void note_uncertain_write() const;
    // Binds this context to a run (1.0 plugins, whose runs use the init table).
    void bind(const std::string& platform, ResultSink sink);

    void emit(const std::string& json_object) const;
    // The run's platform, and the account the user named ("": the default).
    const std::string& platform() const { return platform_; }
    const std::string& account() const { return account_; }
    spdlog::logger& logger() const { return *logger_; }
    // The platform a vault call names: "" or NULL is the run's; another must be one of the plugin's.
    std::string vault_scope(const char* platform) const;
    // The account the user named for this run's platform, when `scope` is that platform; else "".
    const std::string& named_account(const std::string& scope) const;
    // The vault fields the plugin declares secret on platform `scope`.
    const std::set<std::string>& secret_fields(const std::string& scope) const;

private:
    std::string plugin_id_;
    std::vector<std::string> platforms_;
    std::shared_ptr<const SecretFields> secret_fields_;  // the plugin's, shared by its runs
    std::string platform_;
    std::string account_;  // named by the user for platform_; "" for its default
    ResultSink sink_;
    ResultSink checkpoint_sink_;
    std::atomic<bool>* uncertain_writes_ = nullptr;
    std::shared_ptr<spdlog::logger> logger_;
    agoras_host_services table_{};
};

// The host's extensions by id (agoras.http/2, agoras.oauth/2, agoras.vault/2), or nullptr.
const void* find_host_extension(const char* id);

}  // namespace agoras::host::plugins
