#include "media.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace agoras::media {

std::string sniff_mime_type(const std::string& bytes) {
    // Short media (fewer bytes than a signature needs) is simply none of these, never an error.
    const auto starts = [&](const std::string& magic, std::size_t at = 0) {
        return bytes.size() >= at + magic.size() && bytes.compare(at, magic.size(), magic) == 0;
    };
    if (starts("\xFF\xD8\xFF")) return "image/jpeg";
    if (starts("\x89PNG\r\n\x1A\n")) return "image/png";
    if (starts("GIF87a") || starts("GIF89a")) return "image/gif";
    if (starts("RIFF") && starts("WEBP", 8)) return "image/webp";
    if (starts("ftyp", 4)) return "video/mp4";
    return "";
}

bool is_url(const std::string& source) {
    return source.rfind("https://", 0) == 0 || source.rfind("http://", 0) == 0;
}

std::uint64_t file_size(const std::string& path, const std::string& what) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        throw sdk::Error(AGORAS_ERR_USAGE, what + " '" + path + "' is not a readable file");
    }
    return static_cast<std::uint64_t>(st.st_size);
}

std::string file_head(const std::string& path, std::size_t n) {
    std::ifstream in(path, std::ios::binary);
    std::string head(n, '\0');
    in.read(head.data(), static_cast<std::streamsize>(n));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head;
}

sdk::HttpRequest download_request(const std::string& url, std::uint64_t max_bytes) {
    sdk::HttpRequest request;
    request.url = url;
    request.retry_safe = true;
    request.max_redirects = 5;
    request.max_response_bytes = max_bytes;
    request.timeout_ms = 120000;
    return request;
}

namespace {

void require_downloaded(const sdk::HttpResponse& response, const std::string& what) {
    if (response.status != 200) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "downloading " + what + " failed: HTTP " + std::to_string(response.status));
    }
}

// A local file's size, refused (USAGE) over `max_bytes`.
std::uint64_t checked_size(const std::string& path, std::uint64_t max_bytes, const std::string& what) {
    const std::uint64_t size = file_size(path, what);
    if (size > max_bytes) {
        throw sdk::Error(AGORAS_ERR_USAGE, what + " '" + path + "' is over " + std::to_string(max_bytes / 1000000) + " MB");
    }
    return size;
}

}  // namespace

std::string load_media(const sdk::Host& host, const std::string& source, std::uint64_t max_bytes, const std::string& what) {
    if (is_url(source)) {
        const auto response = host.http(download_request(source, max_bytes));
        require_downloaded(response, what);
        return response.body;
    }
    checked_size(source, max_bytes, what);
    std::ifstream in(source, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) throw sdk::Error(AGORAS_ERR_USAGE, "cannot read " + what + " '" + source + "'");
    return bytes;
}

LocalMedia::LocalMedia(const sdk::Host& host, const std::string& source, std::uint64_t max_bytes, const std::string& what) {
    if (!is_url(source)) {
        size_ = checked_size(source, max_bytes, what);
        path_ = source;
        return;
    }
    const char* dir = std::getenv("TMPDIR");
    std::string name = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/agoras-media-XXXXXX";
    const int fd = ::mkstemp(name.data());  // 0600, a fresh name
    if (fd < 0) throw sdk::Error(AGORAS_ERR_GENERIC, "cannot make a temporary file for " + what + ": " + std::strerror(errno));
    path_ = name;
    temporary_ = true;
    std::string write_error;
    sdk::HttpRequest request = download_request(source, max_bytes);
    request.stream_body = [&](const char* data, std::size_t n) {
        for (std::size_t done = 0; done < n && write_error.empty();) {
            const auto written = ::write(fd, data + done, n - done);
            if (written < 0 && errno == EINTR) continue;
            if (written <= 0) write_error = std::strerror(errno);
            else done += static_cast<std::size_t>(written);
        }
        size_ += n;
    };
    sdk::HttpResponse response;
    try {
        response = host.http(request);
    } catch (...) {
        ::close(fd);
        ::unlink(path_.c_str());
        throw;
    }
    if (::close(fd) != 0 && write_error.empty()) write_error = std::strerror(errno);
    if (response.status != 200 || !write_error.empty()) {
        ::unlink(path_.c_str());
        require_downloaded(response, what);
        throw sdk::Error(AGORAS_ERR_GENERIC, "cannot write " + what + " to " + path_ + ": " + write_error);
    }
}

LocalMedia::LocalMedia(LocalMedia&& other) noexcept
    : path_(std::move(other.path_)), size_(other.size_), temporary_(other.temporary_) {
    other.temporary_ = false;
}

LocalMedia::~LocalMedia() {
    if (temporary_) ::unlink(path_.c_str());
}

std::string LocalMedia::mime_type() const { return sniff_mime_type(file_head(path_, 16)); }

}  // namespace agoras::media
