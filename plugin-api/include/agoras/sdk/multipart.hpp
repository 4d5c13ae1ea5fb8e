// multipart/form-data bodies (RFC 7578) for uploads: fields and files, as body parts the host
// streams (agoras.http/2), so a large file is read from disk while it is sent, never held in memory.
#ifndef AGORAS_SDK_MULTIPART_HPP
#define AGORAS_SDK_MULTIPART_HPP

#include <agoras/sdk/error.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace agoras::sdk {

// One piece of a request body: bytes in memory, or a byte range of a file.
struct BodyPart {
    std::string data;
    std::string file_path;  // non-empty: a file part
    std::uint64_t file_offset = 0, file_length = 0;  // length 0: to the end of the file
};

class Multipart {
public:
    Multipart() : boundary_("agoras-" + random_token()) {}

    Multipart& field(const std::string& name, const std::string& value) {
        check_name(name);
        head("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
        append(value);
        append("\r\n");
        return *this;
    }
    // A file part from memory.
    Multipart& file(const std::string& name, const std::string& filename, const std::string& mime_type,
                    const std::string& bytes) {
        file_head(name, filename, mime_type);
        append(bytes);
        append("\r\n");
        return *this;
    }
    // A file part read from disk by the host while sending.
    Multipart& file_from_path(const std::string& name, const std::string& filename, const std::string& mime_type,
                              const std::string& path) {
        file_head(name, filename, mime_type);
        parts_.push_back(BodyPart{{}, path, 0, 0});
        append("\r\n");
        return *this;
    }
    // A file part of `length` bytes of the file at `offset` (one chunk of a chunked upload), read by the
    // host while sending.
    Multipart& file_range_from_path(const std::string& name, const std::string& filename, const std::string& mime_type,
                                    const std::string& path, std::uint64_t offset, std::uint64_t length) {
        if (length == 0) return file(name, filename, mime_type, {});
        file_head(name, filename, mime_type);
        parts_.push_back(BodyPart{{}, path, offset, length});
        append("\r\n");
        return *this;
    }

    std::string content_type() const { return "multipart/form-data; boundary=" + boundary_; }
    // The body: the parts, closed by the final boundary.
    std::vector<BodyPart> parts() const {
        std::vector<BodyPart> out = parts_;
        out.push_back(BodyPart{"--" + boundary_ + "--\r\n", {}, 0, 0});
        return out;
    }
    // The whole body in memory (tests, small bodies); file parts are not allowed here.
    std::string str() const {
        std::string out;
        for (const auto& part : parts()) {
            if (!part.file_path.empty()) throw Error(AGORAS_ERR_PLUGIN, "Multipart::str() with a file part");
            out += part.data;
        }
        return out;
    }
    const std::string& boundary() const { return boundary_; }

private:
    static std::string random_token() {
        std::random_device random;
        static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
        std::string token;
        for (int i = 0; i < 24; ++i) token += alphabet[random() % 36];
        return token;
    }
    // Names and file names go into a quoted header value: no quotes, backslashes or line breaks.
    static void check_name(const std::string& text) {
        if (text.find_first_of("\"\\\r\n") != std::string::npos) {
            throw Error(AGORAS_ERR_USAGE, "a multipart name or file name may not contain quotes or line breaks");
        }
    }
    void file_head(const std::string& name, const std::string& filename, const std::string& mime_type) {
        check_name(name);
        check_name(filename);
        if (mime_type.find_first_of("\r\n") != std::string::npos) throw Error(AGORAS_ERR_USAGE, "bad MIME type");
        head("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
             "\"\r\nContent-Type: " + (mime_type.empty() ? "application/octet-stream" : mime_type) + "\r\n\r\n");
    }
    void head(const std::string& headers) { append("--" + boundary_ + "\r\n" + headers); }
    void append(const std::string& bytes) {
        if (parts_.empty() || !parts_.back().file_path.empty()) parts_.push_back(BodyPart{});
        parts_.back().data += bytes;
    }

    std::string boundary_;
    std::vector<BodyPart> parts_;
};

}  // namespace agoras::sdk

#endif
