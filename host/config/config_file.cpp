#include "config/config_file.hpp"

#include "core/environment.hpp"
#include "core/replace_file.hpp"
#include "status_error.hpp"

#include "config/toml.hpp"
#include "config/toml_text.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

namespace agoras::host::config {
namespace fs = std::filesystem;

namespace {

// A configuration is a few lines; anything far larger is a mistake, not settings.
constexpr std::uintmax_t max_config_bytes = 1024 * 1024;

// The file as written, and as parsed.
struct Document {
    std::string text;
    toml::table table;
};

Document read_document() {
    const fs::path file = config_file();
    std::error_code ec;
    if (!fs::exists(file, ec)) return {};
    // Not a FIFO (which would block every command) nor a directory (which would read as empty).
    if (!fs::is_regular_file(file, ec)) throw usage_error("the configuration " + file.string() + " is not a regular file");
    if (fs::file_size(file, ec) > max_config_bytes) {
        throw usage_error("the configuration " + file.string() + " is larger than 1 MiB");
    }
    Document document;
    std::ifstream in(file, std::ios::binary);
    document.text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) throw StatusError(AGORAS_ERR_GENERIC, "cannot read the configuration " + file.string());
    try {
        document.table = toml::parse(document.text, file.string());
    } catch (const toml::parse_error& e) {
        throw usage_error("the configuration " + file.string() + " is not valid TOML (line " +
                          std::to_string(e.source().begin.line) + "): " + std::string(e.description()));
    }
    return document;
}

toml::table read_table() { return read_document().table; }

std::string text_of(const toml::node& node) {
    if (const auto* s = node.as_string()) return s->get();
    if (const auto* array = node.as_array()) {
        std::string out;
        for (const auto& item : *array) out += (out.empty() ? "" : ",") + text_of(item);
        return out;
    }
    std::ostringstream out;
    node.visit([&out](const auto& value) {
        if constexpr (toml::is_number<decltype(value)> || toml::is_boolean<decltype(value)>) out << value;
    });
    return out.str();
}

std::vector<std::string> split(const std::string& key, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= key.size()) {
        const auto end = std::min(key.find(separator, start), key.size());
        parts.push_back(key.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

void write_text(const std::string& text);

// The edited text when an edit of it gives the table; else the table written whole, without comments.
void write(const std::optional<std::string>& edited, const toml::table& table) {
    if (edited) return write_text(*edited);
    spdlog::warn("the configuration could not be edited in place; it was written anew, without its comments");
    std::ostringstream whole;
    whole << table << "\n";
    write_text(whole.str());
}

// The key's parts, checked: groups.NAME or defaults.PLATFORM.OPTION.
std::vector<std::string> checked_key(const std::string& key) {
    const auto parts = split(key, '.');
    const bool group = parts.size() == 2 && parts[0] == "groups" && !parts[1].empty();
    const bool option = parts.size() == 3 && parts[0] == "defaults" && !parts[1].empty() && !parts[2].empty();
    if (!group && !option) {
        const std::string hint = parts[0] == "group" || parts[0] == "default" ? " (did you mean '" + parts[0] + "s'?)" : "";
        throw usage_error("unknown configuration key '" + key + "'" + hint + " (groups.NAME or defaults.PLATFORM.OPTION)");
    }
    return parts;
}

void walk(const toml::table& table, const std::string& prefix, std::vector<std::pair<std::string, std::string>>& out) {
    for (const auto& [name, node] : table) {
        const std::string key = prefix + std::string(name.str());
        if (const auto* inner = node.as_table()) {
            walk(*inner, key + ".", out);
        } else {
            out.emplace_back(key, text_of(node));
        }
    }
}

}  // namespace

fs::path config_file() {
    if (const auto dir = core::env("XDG_CONFIG_HOME")) return fs::path(*dir) / "agoras" / "config.toml";
    if (const auto home = core::env("HOME")) return fs::path(*home) / ".config" / "agoras" / "config.toml";
    throw StatusError(AGORAS_ERR_GENERIC, "cannot locate the configuration: set XDG_CONFIG_HOME or HOME");
}

Config load() {
    const toml::table table = read_table();
    Config config;
    if (const auto* groups = table["groups"].as_table()) {
        for (const auto& [name, node] : *groups) {
            const auto* array = node.as_array();
            if (array == nullptr) throw usage_error("groups." + std::string(name.str()) + " must be a list of targets");
            auto& targets = config.groups[std::string(name.str())];
            for (const auto& item : *array) {
                if (!item.is_string()) throw usage_error("groups." + std::string(name.str()) + " must hold strings");
                targets.push_back(item.as_string()->get());
            }
        }
    }
    if (const auto* defaults = table["defaults"].as_table()) {
        for (const auto& [platform, node] : *defaults) {
            const auto* options = node.as_table();
            if (options == nullptr) throw usage_error("defaults." + std::string(platform.str()) + " must be a table");
            for (const auto& [option, value] : *options) {
                config.defaults[std::string(platform.str())][std::string(option.str())] = text_of(value);
            }
        }
    }
    return config;
}

std::vector<std::pair<std::string, std::string>> list() {
    std::vector<std::pair<std::string, std::string>> out;
    walk(read_table(), "", out);
    return out;
}

std::optional<std::string> get(const std::string& key) {
    const auto parts = checked_key(key);
    const toml::table table = read_table();
    toml::node_view<const toml::node> node = table[parts[0]];
    for (std::size_t i = 1; i < parts.size(); ++i) node = node[parts[i]];
    if (!node) return std::nullopt;
    return text_of(*node.node());
}

void set(const std::string& key, const std::string& value) {
    const auto parts = checked_key(key);
    const Document document = read_document();
    toml::table table = document.table;
    toml::table* parent = &table;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        auto* next = (*parent)[parts[i]].as_table();
        if (next == nullptr) {
            parent->insert_or_assign(parts[i], toml::table{});
            next = (*parent)[parts[i]].as_table();
        }
        parent = next;
    }
    if (parts[0] == "groups") {
        toml::array targets;
        for (const auto& target : split(value, ',')) {
            if (!target.empty()) targets.push_back(target);
        }
        parent->insert_or_assign(parts.back(), std::move(targets));
    } else {
        parent->insert_or_assign(parts.back(), value);
    }
    write(text_with_value(document.text, document.table, parts, *(*parent).get(parts.back()), table), table);
}

bool unset(const std::string& key) {
    const auto parts = checked_key(key);
    const Document document = read_document();
    toml::table table = document.table;
    // The key's chain of tables, so that one left empty goes too.
    std::vector<toml::table*> chain{&table};
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        auto* next = (*chain.back())[parts[i]].as_table();
        if (next == nullptr) return false;
        chain.push_back(next);
    }
    if (chain.back()->erase(parts.back()) == 0) return false;
    for (std::size_t i = chain.size() - 1; i > 0 && chain[i]->empty(); --i) chain[i - 1]->erase(parts[i - 1]);
    write(text_without_key(document.text, document.table, parts, table), table);
    return true;
}

namespace {

void write_text(const std::string& text) {
    // A symlinked configuration keeps its link: its target is replaced (with its permissions).
    std::error_code ec;
    const fs::path file = fs::is_symlink(config_file(), ec) ? fs::canonical(config_file()) : config_file();
    fs::create_directories(file.parent_path());
    core::replace_file(file, text);
}

}  // namespace

}  // namespace agoras::host::config
