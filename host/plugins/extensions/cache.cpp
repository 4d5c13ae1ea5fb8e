// agoras.cache/1: a plugin's non-secret facts, one file per key under <user cache dir>/platforms/<platform>/,
// each "<unix seconds when kept>\n<value>", read back only while younger than the age the plugin asks for.
#include "plugins/extensions/extensions.hpp"

#include "clock.hpp"
#include "core/private_files.hpp"
#include "core/replace_file.hpp"
#include "core/user_cache.hpp"
#include "plugins/service_calls.hpp"
#include "status_error.hpp"

#include <charconv>

namespace agoras::host::plugins::extensions {
namespace {
namespace fs = std::filesystem;

constexpr std::size_t kMaxKey = 128;

// A name as a file name: bytes other than letters, digits, '-' and '_' become %XX, so that no key names a
// directory, a dot file or a file of another platform.
std::string file_name_of(const std::string& name) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : name) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
            out += c;
        } else {
            out += '%';
            out += hex[static_cast<unsigned char>(c) >> 4];
            out += hex[static_cast<unsigned char>(c) & 15];
        }
    }
    return out;
}

// Where `key` of the run's platform is kept; nullopt when the user has no cache directory.
std::optional<fs::path> file_of(const ServiceContext& run, const char* key) {
    const std::string name = text_or_empty(key);
    if (name.empty() || name.size() > kMaxKey) {
        throw StatusError(AGORAS_ERR_PLUGIN, "a cache key must be 1 to " + std::to_string(kMaxKey) + " bytes");
    }
    if (run.platform().empty()) throw StatusError(AGORAS_ERR_PLUGIN, "the cache is a running action's");
    const auto dir = core::user_cache_dir();
    if (!dir) return std::nullopt;
    return *dir / "platforms" / file_name_of(run.platform()) / file_name_of(name);
}

agoras_status cache_get(void* context, const char* key, int64_t max_age_seconds, agoras_string_sink sink,
                        void* sink_context, int32_t* found, agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context, [&] {
        if (found == nullptr || sink == nullptr) throw StatusError(AGORAS_ERR_PLUGIN, "the plugin passed no sink");
        *found = 0;
        const auto file = file_of(run_of(context), key);
        if (!file) return;
        // The time line, up to 20 digits, and the value.
        const auto text = core::read_cached_file(*file, AGORAS_CACHE_MAX_VALUE + 21);
        if (!text) return;
        const auto newline = text->find('\n');
        std::int64_t kept = 0;
        if (newline == std::string::npos ||
            std::from_chars(text->data(), text->data() + newline, kept).ptr != text->data() + newline) {
            return;
        }
        const std::int64_t age = now_unix_ms() / 1000 - kept;
        if (age < 0 || age >= max_age_seconds) return;  // kept "later" than now: the clock moved; read again
        *found = 1;
        sink(sink_context, text->data() + newline + 1, text->size() - newline - 1);
    });
}

agoras_status cache_put(void* context, const char* key, const char* value, size_t size, agoras_string_sink error_sink,
                        void* error_context) {
    return guarded_to_sink(error_sink, error_context, [&] {
        if (value == nullptr && size > 0) throw StatusError(AGORAS_ERR_PLUGIN, "a cache value without bytes");
        if (size > AGORAS_CACHE_MAX_VALUE) {
            throw StatusError(AGORAS_ERR_PLUGIN, "a cache value is at most " + std::to_string(AGORAS_CACHE_MAX_VALUE) + " bytes");
        }
        const auto file = file_of(run_of(context), key);
        if (!file) throw StatusError(AGORAS_ERR_STORAGE, "no cache directory: set XDG_CACHE_HOME or HOME");
        try {
            core::ensure_private_directory(file->parent_path());
            core::replace_file(*file, std::to_string(now_unix_ms() / 1000) + "\n" + std::string(value, size), 0600);
        } catch (const StatusError& e) {
            throw StatusError(AGORAS_ERR_STORAGE, e.what());
        }
    });
}

}  // namespace

const agoras_cache_v1 cache_v1{sizeof(agoras_cache_v1), &cache_get, &cache_put};

}  // namespace agoras::host::plugins::extensions
