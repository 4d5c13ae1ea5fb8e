// Files only their owner may touch: directories created 0700, files created 0600 from birth
// (O_CREAT|O_EXCL, never chmod-ed afterwards), and refusal of anything others can read or write.
#pragma once

#include <filesystem>
#include <string>

namespace agoras::host::core {

// Creates `dir` and any missing parents with mode 0700.
void ensure_private_directory(const std::filesystem::path& dir);

// Throws StatusError(AGORAS_ERR_STORAGE) unless `dir` exists and can be written, or could be
// created: its nearest existing ancestor is writable and not on a read-only file system.
void require_creatable(const std::filesystem::path& dir);

// Throws StatusError(AGORAS_ERR_STORAGE) with the command that fixes it when `path` belongs to
// another user or (for files) is readable or writable by others, (for directories) writable by others.
void require_private(const std::filesystem::path& path);

// Atomically creates `path` with mode 0600 holding `content`. Returns false, leaving the existing
// file untouched, when `path` already exists (another process won the race).
bool create_private_file(const std::filesystem::path& path, const std::string& content);

// While alive, new files get no group or other permissions whatever the process umask says.
class PrivateUmask {
public:
    PrivateUmask();
    ~PrivateUmask();
    PrivateUmask(const PrivateUmask&) = delete;
    PrivateUmask& operator=(const PrivateUmask&) = delete;

private:
    unsigned previous_;
};

}  // namespace agoras::host::core
