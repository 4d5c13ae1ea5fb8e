#include "plugins/declaration_cache.hpp"

#include "core/replace_file.hpp"
#include "core/user_cache.hpp"

#include <agoras/agoras.h>

#include <cereal/archives/binary.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/set.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <sstream>
#include <utility>

namespace agoras::host::plugins {
namespace fs = std::filesystem;

// What cereal reads and writes of each declaration, field by field (any change: a new kFormat).
template <class Archive>
void serialize(Archive& a, OptionInfo& o) {
    a(o.name, o.type, o.required, o.default_value, o.env_var, o.help, o.secret, o.numbered_aliases, o.text, o.choices);
}
template <class Archive>
void serialize(Archive& a, ActionInfo& x) {
    a(x.name, x.help, x.options);
}
template <class Archive>
void serialize(Archive& a, PlatformInfo& p) {
    a(p.name, p.help, p.actions, p.aliases);
}
template <class Archive>
void serialize(Archive& a, MediaLimitsInfo& m) {
    a(m.kind, m.mime_types, m.max_bytes, m.max_width, m.max_height, m.min_duration_s, m.max_duration_s, m.max_per_post,
      m.transfer);
}
template <class Archive>
void serialize(Archive& a, CapabilitiesInfo& c) {
    a(c.platform, c.text_limit, c.text_counting, c.url_length, c.max_media, c.alt_text_limit, c.media, c.link_card,
      c.requires_media, c.mixed_media);
}
template <class Archive>
void serialize(Archive& a, SettingInfo& s) {
    a(s.env_var, s.help, s.default_value);
}
template <class Archive>
void serialize(Archive& a, CredentialExportInfo& c) {
    a(c.platform, c.title, c.fields, c.secret_fields);
}
template <class Archive>
void serialize(Archive& a, PluginInfo& i) {
    a(i.id, i.name, i.version, i.description, i.abi_major, i.abi_minor, i.platforms, i.capabilities, i.settings,
      i.credentials);
}
namespace {

// What the cache keeps of a plugin apart from its summary, as one string of bytes read only when needed.
struct Details {
    std::vector<std::vector<ActionInfo>> actions;  // each platform's, in the summary's order
    std::vector<CapabilitiesInfo> capabilities;
    std::vector<SettingInfo> settings;
    std::vector<CredentialExportInfo> credentials;
};

template <class Archive>
void serialize(Archive& a, Details& d) {
    a(d.actions, d.capabilities, d.settings, d.credentials);
}

// No plugin declares this many platforms: a larger count is a damaged file, refused before it allocates.
constexpr cereal::size_type kMostPlatforms = 4096;

// The summary: the plugin's names and each platform's name, help and aliases.
template <class Archive>
void summary_fields(Archive& a, PluginInfo& i) {
    a(i.id, i.name, i.version, i.description, i.abi_major, i.abi_minor);
    auto count = static_cast<cereal::size_type>(i.platforms.size());
    a(cereal::make_size_tag(count));
    if (count > kMostPlatforms) throw std::length_error("too many platforms");
    i.platforms.resize(static_cast<std::size_t>(count));
    for (auto& p : i.platforms) a(p.name, p.help, p.aliases);
}

}  // namespace

template <class Archive>
void serialize(Archive& a, DeclarationCache::Entry& e) {
    a(e.identity, e.publishes, e.details);
    summary_fields(a, e.summary);
}

namespace {

constexpr std::uint32_t kFormat = 2;
constexpr char kMagic[] = "agoras plugin declarations";
// Declarations are a few kilobytes a plugin: this allows thousands, and bounds what a damaged file costs.
constexpr std::uint64_t kMaxCacheBytes = 64 * 1024 * 1024;

std::string identity_of(const struct stat& s) {
    return std::to_string(s.st_dev) + ":" + std::to_string(s.st_ino) + ":" + std::to_string(s.st_size) + ":" +
           std::to_string(s.st_mtim.tv_sec) + "." + std::to_string(s.st_mtim.tv_nsec) + ":" +
           std::to_string(s.st_ctim.tv_sec) + "." + std::to_string(s.st_ctim.tv_nsec);
}

// The executable and the ABI it speaks: a cache written by another build is not this one's.
std::string host_identity() {
    const auto executable = file_identity("/proc/self/exe");
    return std::string(AGORAS_VERSION) + " abi " + std::to_string(AGORAS_ABI_MAJOR) + "." +
           std::to_string(AGORAS_ABI_MINOR) + " " + executable.value_or("?");
}

std::optional<fs::path> cache_file() {
    if (const auto dir = core::user_cache_dir()) return *dir / "plugins.cache";
    return std::nullopt;
}

// The enumerations as the host knows them: a damaged file is refused rather than half-believed.
bool known_values(const Details& details) {
    for (const auto& actions : details.actions) {
        for (const auto& action : actions) {
            for (const auto& option : action.options) {
                if (option.type < AGORAS_OPTION_STRING || option.type > AGORAS_OPTION_LIST) return false;
            }
        }
    }
    for (const auto& c : details.capabilities) {
        if (c.text_counting < AGORAS_COUNT_CODE_POINTS || c.text_counting > AGORAS_COUNT_WEIGHTED) return false;
        for (const auto& m : c.media) {
            if (m.kind < AGORAS_MEDIA_IMAGE || m.kind > AGORAS_MEDIA_VIDEO) return false;
            if (m.transfer < AGORAS_TRANSFER_URL_PULL || m.transfer > AGORAS_TRANSFER_UPLOAD_BYTES) return false;
        }
    }
    return true;
}

}  // namespace

std::optional<std::string> file_identity(const fs::path& path) {
    struct stat s {};
    if (::stat(path.c_str(), &s) != 0) return std::nullopt;
    return identity_of(s);
}

DeclarationCache::Entry cache_entry(std::string identity, const PluginInfo& info, bool publishes) {
    // The summary is the declarations with the details taken out of them.
    DeclarationCache::Entry entry{std::move(identity), info, {}, publishes};
    Details details;
    for (auto& platform : entry.summary.platforms) details.actions.push_back(std::exchange(platform.actions, {}));
    details.capabilities = std::exchange(entry.summary.capabilities, {});
    details.settings = std::exchange(entry.summary.settings, {});
    details.credentials = std::exchange(entry.summary.credentials, {});
    std::ostringstream out;
    {
        cereal::BinaryOutputArchive archive(out);
        archive(details);
    }
    entry.details = out.str();
    return entry;
}

void complete_declarations(PluginInfo& summary, const std::string& details_bytes) {
    Details details;
    {
        std::istringstream in(details_bytes);
        cereal::BinaryInputArchive archive(in);
        archive(details);
    }
    if (details.actions.size() != summary.platforms.size()) throw std::invalid_argument("the platforms do not match");
    if (!known_values(details)) throw std::invalid_argument("an unknown value in the declarations");
    // In place: the summary's fields stay where they are for whoever reads them meanwhile.
    for (std::size_t i = 0; i < details.actions.size(); ++i) summary.platforms[i].actions = std::move(details.actions[i]);
    summary.capabilities = std::move(details.capabilities);
    summary.settings = std::move(details.settings);
    summary.credentials = std::move(details.credentials);
}

void DeclarationCache::discard() {
    std::error_code ignored;
    if (const auto file = cache_file()) fs::remove(*file, ignored);
}

std::string declarations_bytes(const PluginInfo& info) {
    std::ostringstream out;
    {
        cereal::BinaryOutputArchive archive(out);
        archive(const_cast<PluginInfo&>(info));  // cereal's serialize() takes the value as writable
    }
    return out.str();
}

DeclarationCache DeclarationCache::read() {
    DeclarationCache cache;
    const auto file = cache_file();
    if (!file) return cache;
    const auto cached = core::read_cached_file(*file, kMaxCacheBytes);
    if (!cached) {
        spdlog::debug("no plugin declaration cache at {}, or not a private regular file of bounded size", file->string());
        return cache;
    }
    try {
        std::istringstream in(*cached);
        cereal::BinaryInputArchive archive(in);
        std::string magic, host;
        std::uint32_t format = 0;
        archive(magic, format);
        if (magic != kMagic || format != kFormat) return cache;
        archive(host);
        if (host != host_identity()) return cache;
        std::map<std::string, Entry> entries;
        archive(entries);
        cache.entries_ = std::move(entries);
    } catch (const std::exception& e) {  // cereal::Exception for a cut file; bad_alloc for a wild length
        spdlog::debug("ignoring the plugin declaration cache {}: {}", file->string(), e.what());
    }
    return cache;
}

std::optional<DeclarationCache::Entry> DeclarationCache::take(const fs::path& file, const std::string& identity) {
    const auto found = entries_.find(file.string());
    if (found == entries_.end() || found->second.identity != identity) return std::nullopt;
    ++taken_;
    return std::move(found->second);
}

void DeclarationCache::save(const std::map<std::string, Entry>& entries) {
    const auto file = cache_file();
    if (!file) return;
    std::ostringstream out;
    {
        cereal::BinaryOutputArchive archive(out);
        archive(std::string(kMagic), kFormat, host_identity(), entries);
    }
    // Private, and whole or not at all: readers see the old cache or the new, and several processes saving
    // at once each write a whole file.
    std::error_code ec;
    fs::create_directories(file->parent_path(), ec);
    try {
        core::replace_file(*file, out.str(), 0600);
    } catch (const std::exception& e) {
        spdlog::debug("plugin declaration cache not written: {}", e.what());
    }
}

}  // namespace agoras::host::plugins
