#include "core/replace_file.hpp"

#include "status_error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace agoras::host::core {
namespace {

// Writes through a buffer, so that many small pieces (a schedule's rows) cost few system calls.
constexpr std::size_t kBuffer = 64 * 1024;

}  // namespace

void replace_file(const std::filesystem::path& path, const std::string& text, std::optional<unsigned> mode) {
    replace_file_with(path, [&](const PutText& put) { put(text); }, mode);
}

void replace_file_with(const std::filesystem::path& path, const std::function<void(const PutText&)>& write_text,
                       std::optional<unsigned> mode) {
    struct stat old {};
    const mode_t wanted = mode ? static_cast<mode_t>(*mode) : ::stat(path.c_str(), &old) == 0 ? (old.st_mode & 07777) : 0644;
    std::string temporary = path.string() + ".XXXXXX";
    const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);  // 0600, O_EXCL, a fresh name
    bool open = fd >= 0;
    const auto discard = [&] {
        if (open) {
            open = false;
            ::close(fd);
            ::unlink(temporary.c_str());
        }
    };
    const auto fail = [&](const std::string& what) {
        const std::string reason = std::strerror(errno);
        discard();
        throw StatusError(AGORAS_ERR_GENERIC, "cannot " + what + " " + path.string() + ": " + reason);
    };
    if (fd < 0) fail("write next to");
    if (::fchmod(fd, wanted) != 0) fail("set the permissions of");
    std::string pending;
    const auto flush = [&] {
        for (std::size_t done = 0; done < pending.size();) {
            const ssize_t n = ::write(fd, pending.data() + done, pending.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("write");
            done += static_cast<std::size_t>(n);
        }
        pending.clear();
    };
    try {
        write_text([&](std::string_view piece) {
            pending.append(piece);
            if (pending.size() >= kBuffer) flush();
        });
    } catch (...) {
        discard();
        throw;
    }
    flush();
    if (::fsync(fd) != 0) fail("flush");
    open = false;
    ::close(fd);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        throw StatusError(AGORAS_ERR_GENERIC, "cannot replace " + path.string() + ": " + reason);
    }
}

}  // namespace agoras::host::core
