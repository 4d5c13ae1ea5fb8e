#include "vault/legacy_import.hpp"

#include "status_error.hpp"
#include "core/crypto.hpp"

#include <agoras/json_object.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>

namespace agoras::host::vault {
namespace fs = std::filesystem;

namespace {

// The platforms the original recognised in token file names, longest first so "x" matches last.
const std::vector<std::string>& legacy_platforms() {
    static const std::vector<std::string> names = {"facebook", "instagram", "linkedin", "discord", "telegram",
                                                   "threads",  "twitter",   "whatsapp", "youtube", "tiktok", "x"};
    return names;
}

// Legacy store files are small; anything bigger is not one of them.
constexpr off_t kMaxLegacyFileBytes = 1 << 20;

// Opens without blocking (a FIFO named *.token would wait forever for a writer) and reads only a
// regular file of a sane size.
std::string read_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) throw StatusError(AGORAS_ERR_STORAGE, "cannot read " + path.string() + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > kMaxLegacyFileBytes) {
        ::close(fd);
        throw StatusError(AGORAS_ERR_STORAGE, "refusing to read " + path.string() + ": not a regular file of at most 1 MiB");
    }
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    const ssize_t n = ::read(fd, text.data(), text.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(text.size())) throw StatusError(AGORAS_ERR_STORAGE, "cannot read " + path.string());
    return text;
}

void report(const std::string& file, const std::string& platform, const std::string& identifier,
            const std::string& status, const std::string& reason = {}) {
    JsonObject line;
    line.add("file", file).add("platform", platform).add("identifier", identifier).add("status", status);
    if (!reason.empty()) line.add("reason", reason);
    std::cout << line.str() << "\n";
}

}  // namespace

int import_legacy_store(const fs::path& dir, VaultStore& vault, bool overwrite) {
    const fs::path key_file = dir / ".key";
    if (!fs::exists(key_file)) {
        throw StatusError(AGORAS_ERR_GENERIC, "no legacy agoras store in " + dir.string() + " (" + key_file.string() +
                                                  " does not exist); pass --from DIR");
    }
    const auto key = core::crypto::base64_decode(read_file(key_file));
    if (!key || key->size() != 32) {
        throw StatusError(AGORAS_ERR_STORAGE, key_file.string() + " is not a Fernet key (base64 of 32 bytes)");
    }
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir / "tokens", ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == ".token") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());

    int failures = 0, imported = 0;
    for (const auto& file : files) {
        const std::string stem = file.stem().string();
        std::string platform, identifier;
        for (const auto& name : legacy_platforms()) {
            if (stem.size() > name.size() + 1 && stem.compare(0, name.size() + 1, name + "-") == 0) {
                platform = name;
                identifier = stem.substr(name.size() + 1);
                break;
            }
        }
        if (platform.empty()) continue;  // not a token file the original would have listed either
        try {
            validate_identifier(identifier);
            const auto plaintext = core::crypto::fernet_decrypt(*key, read_file(file));
            if (!plaintext) throw StatusError(AGORAS_ERR_STORAGE, "cannot decrypt it with " + key_file.string());
            const Fields fields = from_json(*plaintext);
            bool existed = false;
            vault.update(platform, identifier, [&](const std::optional<Record>& current) -> std::optional<Fields> {
                existed = current.has_value();
                if (existed && !overwrite) return std::nullopt;
                return fields;
            });
            if (existed && !overwrite) {
                report(file.string(), platform, identifier, "kept", "already in the vault (use --overwrite to replace)");
            } else {
                report(file.string(), platform, identifier, "imported");
                ++imported;
            }
        } catch (const std::exception& e) {
            report(file.string(), platform, identifier, "failed", e.what());
            ++failures;
        }
    }
    std::cerr << "agoras: imported " << imported << " record(s) from " << dir.string() << ", " << failures
              << " failed; the old files were left as they were\n";
    return failures == 0 ? 0 : AGORAS_ERR_STORAGE;
}

}  // namespace agoras::host::vault
