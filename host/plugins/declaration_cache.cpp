#include "plugins/declaration_cache.hpp"

#include "core/environment.hpp"
#include "plugins/plugin_info_json.hpp"

#include <agoras/agoras.h>

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace agoras::host::plugins {
namespace fs = std::filesystem;

namespace {

constexpr int kFormat = 1;
// Declarations are a few kilobytes a plugin: this allows thousands, and bounds what a damaged file costs.
constexpr off_t kMaxCacheBytes = 64 * 1024 * 1024;

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
    if (const auto dir = core::env("XDG_CACHE_HOME")) return fs::path(*dir) / "agoras" / "plugins.json";
    if (const auto home = core::env("HOME")) return fs::path(*home) / ".cache" / "agoras" / "plugins.json";
    return std::nullopt;
}

// The file's text when it is the user's own regular file (not a link), writable by nobody else, and bounded.
std::optional<std::string> read_private_file(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return std::nullopt;
    std::optional<std::string> text;
    struct stat s {};
    if (::fstat(fd, &s) == 0 && S_ISREG(s.st_mode) && s.st_uid == ::geteuid() && (s.st_mode & 022) == 0 &&
        s.st_size <= kMaxCacheBytes) {
        std::string buffer(static_cast<std::size_t>(s.st_size), '\0');
        std::size_t done = 0;
        while (done < buffer.size()) {
            const auto n = ::read(fd, buffer.data() + done, buffer.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        if (done == buffer.size()) text = std::move(buffer);
    } else {
        spdlog::debug("ignoring the plugin declaration cache {}: not a private regular file of bounded size", file.string());
    }
    ::close(fd);
    return text;
}

}  // namespace

std::optional<std::string> file_identity(const fs::path& path) {
    struct stat s {};
    if (::stat(path.c_str(), &s) != 0) return std::nullopt;
    return identity_of(s);
}

DeclarationCache DeclarationCache::read() {
    DeclarationCache cache;
    const auto file = cache_file();
    if (!file) return cache;
    const auto text = read_private_file(*file);
    if (!text) return cache;
    try {
        const Json json = Json::parse(*text);
        if (json["format"].integer() != kFormat || json["host"].text() != host_identity()) return cache;
        for (const auto& item : json["plugins"].items()) {
            Entry entry{item["identity"].text(), declarations_from_json(item["declarations"]), item["publishes"].boolean()};
            cache.entries_.emplace(item["path"].text(), std::move(entry));
        }
    } catch (const std::exception& e) {
        spdlog::debug("ignoring the plugin declaration cache {}: {}", file->string(), e.what());
        cache.entries_.clear();
    }
    return cache;
}

const DeclarationCache::Entry* DeclarationCache::find(const fs::path& file, const std::string& identity) const {
    const auto found = entries_.find(file.string());
    return found != entries_.end() && found->second.identity == identity ? &found->second : nullptr;
}

void DeclarationCache::remember(const fs::path& file, Entry entry) {
    kept_.insert_or_assign(file.string(), std::move(entry));
    changed_ = true;
}

void DeclarationCache::keep(const fs::path& file) {
    const auto found = entries_.find(file.string());
    if (found != entries_.end()) kept_.insert_or_assign(found->first, found->second);
}

void DeclarationCache::save_if_changed() {
    if (!changed_ && kept_.size() == entries_.size()) return;
    const auto file = cache_file();
    if (!file) return;
    Json plugins = Json::array();
    for (const auto& [path, entry] : kept_) {
        plugins.push(Json::object()
                         .set("path", path)
                         .set("identity", entry.identity)
                         .set("publishes", entry.publishes)
                         .set("declarations", declarations_to_json(entry.info)));
    }
    const std::string text =
        Json::object().set("format", kFormat).set("host", host_identity()).set("plugins", std::move(plugins)).serialize() + "\n";

    // A private file, made under a fresh name and renamed over the old one: readers see the old cache or
    // the new, never half of one, and several processes saving at once each write a whole file.
    std::error_code ec;
    fs::create_directories(file->parent_path(), ec);
    const fs::path temp = file->string() + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        spdlog::debug("cannot write the plugin declaration cache {}: {}", temp.string(), std::strerror(errno));
        return;
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    const bool written = ::close(fd) == 0 && done == text.size();
    if (!written || ::rename(temp.c_str(), file->c_str()) != 0) {
        spdlog::debug("cannot write the plugin declaration cache {}", file->string());
        fs::remove(temp, ec);
    }
}

}  // namespace agoras::host::plugins
