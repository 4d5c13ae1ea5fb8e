#include "core/private_files.hpp"

#include "status_error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace agoras::host::core {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& message) { throw StatusError(AGORAS_ERR_STORAGE, message); }

std::string octal(unsigned mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode & 07777);
    return text;
}

}  // namespace

void ensure_private_directory(const fs::path& dir) {
    if (dir.empty() || fs::exists(dir)) return;
    ensure_private_directory(dir.parent_path());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        fail("cannot create directory " + dir.string() + ": " + std::strerror(errno));
    }
}

void require_creatable(const fs::path& dir) {
    fs::path existing = dir;
    std::error_code ec;
    while (!existing.empty() && !fs::exists(existing, ec)) existing = existing.parent_path();
    if (existing.empty()) existing = ".";
    if (!fs::is_directory(existing, ec)) {
        fail("cannot create the token vault under " + dir.string() + ": " + existing.string() + " is not a directory");
    }
    struct statvfs info {};
    if (::statvfs(existing.c_str(), &info) == 0 && (info.f_flag & ST_RDONLY) != 0) {
        fail("cannot create the token vault under " + dir.string() + ": " + existing.string() +
             " is on a read-only file system");
    }
    if (::access(existing.c_str(), W_OK) != 0) {
        fail("cannot create the token vault under " + dir.string() + ": " + existing.string() + " is not writable (" +
             std::strerror(errno) + ")");
    }
}

void require_private(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) fail("cannot inspect " + path.string() + ": " + std::strerror(errno));
    const bool is_dir = S_ISDIR(st.st_mode);
    if (st.st_uid != ::geteuid()) {
        fail("refusing to use " + path.string() + ": it belongs to another user (uid " + std::to_string(st.st_uid) +
             "); fix with: chown " + std::to_string(::geteuid()) + " " + path.string());
    }
    const unsigned forbidden = is_dir ? 0022u : 0077u;
    if ((st.st_mode & forbidden) != 0) {
        fail("refusing to use " + path.string() + ": other users can " + (is_dir ? "write to it" : "read or write it") +
             " (mode " + octal(st.st_mode) + "); fix with: chmod " + (is_dir ? "700 " : "600 ") + path.string());
    }
}

bool create_private_file(const fs::path& path, const std::string& content) {
    // Write a private temporary file, then link it into place: link() fails if the name exists, so
    // a concurrent creator never gets overwritten and readers never see a half-written file.
    std::random_device random;
    const fs::path temp = path.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(random());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) fail("cannot create " + temp.string() + ": " + std::strerror(errno));
    const bool written = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
                         ::fsync(fd) == 0;
    ::close(fd);
    if (!written) {
        ::unlink(temp.c_str());
        fail("cannot write " + temp.string() + ": " + std::strerror(errno));
    }
    const int linked = ::link(temp.c_str(), path.c_str());
    const int link_errno = errno;
    ::unlink(temp.c_str());
    if (linked == 0) return true;
    if (link_errno == EEXIST) return false;
    fail("cannot create " + path.string() + ": " + std::strerror(link_errno));
}

PrivateUmask::PrivateUmask() : previous_(::umask(077)) {}
PrivateUmask::~PrivateUmask() { ::umask(static_cast<mode_t>(previous_)); }

}  // namespace agoras::host::core
