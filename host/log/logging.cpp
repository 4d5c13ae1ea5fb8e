#include "log/logging.hpp"

#include "log/progress.hpp"

#include "log/redactor.hpp"

#include <spdlog/cfg/env.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace agoras::host::log {
namespace {

// Blanks secrets out of the message, and escapes control characters, before the wrapped sink formats it.
class RedactingSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit RedactingSink(spdlog::sink_ptr inner) : inner_(std::move(inner)) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const std::string clean = printable(redact(std::string_view(msg.payload.data(), msg.payload.size())));
        spdlog::details::log_msg copy(msg);
        copy.payload = clean;
        end_progress();
        inner_->log(copy);
    }
    void flush_() override { inner_->flush(); }

private:
    spdlog::sink_ptr inner_;
};

spdlog::sink_ptr shared_sink() {
    static spdlog::sink_ptr sink = [] {
        auto stderr_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        // Set on the inner sink: spdlog re-formats the outer one when a logger is initialized.
        stderr_sink->set_pattern("%n: %^%l%$: %v");
        return std::make_shared<RedactingSink>(stderr_sink);
    }();
    return sink;
}

spdlog::level::level_enum configured_level = spdlog::level::info;

std::shared_ptr<spdlog::logger> make_logger(const std::string& name) {
    auto logger = std::make_shared<spdlog::logger>(name, shared_sink());
    logger->set_level(configured_level);
    spdlog::initialize_logger(logger);  // applies SPDLOG_LEVEL, unlike register_logger
    return logger;
}

}  // namespace

std::optional<spdlog::level::level_enum> parse_level(const std::string& name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "debug") return spdlog::level::debug;
    if (lower == "info") return spdlog::level::info;
    if (lower == "warning" || lower == "warn") return spdlog::level::warn;
    if (lower == "error") return spdlog::level::err;
    if (lower == "critical") return spdlog::level::critical;
    return std::nullopt;
}

void setup(spdlog::level::level_enum level) {
    configured_level = level;
    spdlog::set_default_logger(make_logger("agoras"));
    spdlog::set_level(level);
    spdlog::cfg::load_env_levels();  // after set_level: SPDLOG_LEVEL refines --loglevel, per logger too
}

std::shared_ptr<spdlog::logger> plugin_logger(const std::string& plugin_id) {
    if (auto existing = spdlog::get(plugin_id)) return existing;
    return make_logger(plugin_id);
}

}  // namespace agoras::host::log
