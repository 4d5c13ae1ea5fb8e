#include "core/user_cache.hpp"

#include "core/environment.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace agoras::host::core {
namespace fs = std::filesystem;

std::optional<fs::path> user_cache_dir() {
    if (const auto dir = env("XDG_CACHE_HOME")) return fs::path(*dir) / "agoras";
    if (const auto home = env("HOME")) return fs::path(*home) / ".cache" / "agoras";
    return std::nullopt;
}

std::optional<std::string> read_cached_file(const fs::path& file, std::uint64_t max_bytes) {
    // O_NONBLOCK: a FIFO planted under the name must not hang the reader (fstat then refuses it).
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return std::nullopt;
    std::optional<std::string> found;
    struct stat s {};
    if (::fstat(fd, &s) == 0 && S_ISREG(s.st_mode) && s.st_uid == ::geteuid() && (s.st_mode & 022) == 0 &&
        static_cast<std::uint64_t>(s.st_size) <= max_bytes) {
        std::string buffer(static_cast<std::size_t>(s.st_size), '\0');
        std::size_t done = 0;
        while (done < buffer.size()) {
            const auto n = ::read(fd, buffer.data() + done, buffer.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        if (done == buffer.size()) found = std::move(buffer);
    }
    ::close(fd);
    return found;
}

}  // namespace agoras::host::core
