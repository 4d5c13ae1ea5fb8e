#include "vault/legacy_import.hpp"

#include "status_error.hpp"
#include "vault/crypto.hpp"

#include <agoras/json_object.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

namespace agoras::host::vault {
namespace fs = std::filesystem;

namespace {

// The platforms the original recognised in token file names, longest first so "x" matches last.
const std::vector<std::string>& legacy_platforms() {
    static const std::vector<std::string> names = {"facebook", "instagram", "linkedin", "discord", "telegram",
                                                   "threads",  "twitter",   "whatsapp", "youtube", "tiktok", "x"};
    return names;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) throw StatusError(AGORAS_ERR_STORAGE, "cannot read " + path.string());
    return text.str();
}

void report(const std::string& file, const std::string& platform, const std::string& identifier,
            const std::string& status, const std::string& reason = {}) {
    JsonObject line;
    line.add("file", file).add("platform", platform).add("identifier", identifier).add("status", status);
    if (!reason.empty()) line.add("reason", reason);
    std::cout << line.str() << "\n";
}

}  // namespace

int import_legacy_store(const fs::path& dir, Vault& vault, bool overwrite) {
    const fs::path key_file = dir / ".key";
    if (!fs::exists(key_file)) {
        throw StatusError(AGORAS_ERR_GENERIC, "no legacy agoras store in " + dir.string() + " (" + key_file.string() +
                                                  " does not exist); pass --from DIR");
    }
    const auto key = crypto::base64_decode(read_file(key_file));
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
            const auto plaintext = crypto::fernet_decrypt(*key, read_file(file));
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
