#include "publish/option_values.hpp"

#include "status_error.hpp"

#include <algorithm>

namespace agoras::host::publish {

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

std::vector<std::string> values_of(const plugins::OptionValues& values, const std::string& name) {
    std::vector<std::string> out;
    for (const auto& [key, value] : values) {
        if (key == name) out.push_back(value);
    }
    return out;
}

std::optional<std::string> value_of(const plugins::OptionValues& values, const std::string& name) {
    const auto all = values_of(values, name);
    return all.empty() ? std::nullopt : std::optional<std::string>(all.front());
}

std::vector<std::string> split_commas(const std::vector<std::string>& items) {
    std::vector<std::string> out;
    for (const auto& item : items) {
        for (std::size_t start = 0; start <= item.size();) {
            const auto end = std::min(item.find(',', start), item.size());
            if (end > start) out.push_back(item.substr(start, end - start));
            start = end + 1;
        }
    }
    return out;
}

std::vector<std::string> networks_of(const plugins::OptionValues& values) {
    auto out = split_commas(values_of(values, "network"));
    if (out.empty()) throw usage_error("--network names no platform");
    return out;
}

}  // namespace agoras::host::publish
