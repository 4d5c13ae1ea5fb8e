#include "commands/utils/automation_options.hpp"

#include "status_error.hpp"

namespace agoras::host::commands {

plugins::OptionInfo make_option(std::string name, agoras_option_type type, std::string help, std::string env,
                                std::string fallback) {
    plugins::OptionInfo info;
    info.name = std::move(name);
    info.type = type;
    info.help = std::move(help);
    if (!env.empty()) info.env_var = std::move(env);
    if (!fallback.empty()) info.default_value = std::move(fallback);
    return info;
}

std::optional<std::string> value_of(const plugins::OptionValues& values, const std::string& name) {
    for (const auto& [key, value] : values) {
        if (key == name) return value;
    }
    return std::nullopt;
}

std::vector<std::string> networks_of(const plugins::OptionValues& values) {
    std::vector<std::string> out;
    for (const auto& [key, value] : values) {
        if (key != "network") continue;
        for (std::size_t start = 0; start <= value.size();) {
            const auto end = std::min(value.find(',', start), value.size());
            if (end > start) out.push_back(value.substr(start, end - start));
            start = end + 1;
        }
    }
    if (out.empty()) throw usage_error("--network names no platform");
    return out;
}

}  // namespace agoras::host::commands
