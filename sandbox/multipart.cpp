#include "multipart.hpp"

namespace agoras::sandbox {
namespace {

std::string header_parameter(const std::string& header, const std::string& name) {
    // "; name=" so that name= is not found inside filename=.
    const auto at = header.find("; " + name + "=");
    if (at == std::string::npos) return "";
    std::size_t start = at + name.size() + 3;
    if (start < header.size() && header[start] == '"') {
        const auto end = header.find('"', start + 1);
        return end == std::string::npos ? "" : header.substr(start + 1, end - start - 1);
    }
    return header.substr(start, header.find_first_of("; ", start) - start);
}

}  // namespace

std::optional<std::vector<FormPart>> parse_multipart(const std::string& content_type, const std::string& body) {
    if (content_type.rfind("multipart/form-data", 0) != 0) return std::nullopt;
    const std::string boundary = header_parameter(content_type, "boundary");
    if (boundary.empty()) return std::nullopt;
    const std::string delimiter = "--" + boundary;
    std::vector<FormPart> parts;
    if (body.compare(0, delimiter.size(), delimiter) != 0) return std::nullopt;
    std::size_t at = delimiter.size();
    for (;;) {
        if (body.compare(at, 2, "--") == 0) return parts;  // the closing delimiter
        if (body.compare(at, 2, "\r\n") != 0) return std::nullopt;
        const auto headers_end = body.find("\r\n\r\n", at + 2);
        if (headers_end == std::string::npos) return std::nullopt;
        FormPart part;
        for (std::size_t line = at + 2; line < headers_end;) {
            const auto end = std::min(body.find("\r\n", line), headers_end);
            const std::string header = body.substr(line, end - line);
            const auto colon = header.find(':');
            std::string key = header.substr(0, colon);
            for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            const std::string value = colon == std::string::npos ? "" : header.substr(header.find_first_not_of(' ', colon + 1));
            if (key == "content-disposition") {
                if (value.rfind("form-data", 0) != 0) return std::nullopt;
                part.name = header_parameter(value, "name");
                part.filename = header_parameter(value, "filename");
            } else if (key == "content-type") {
                part.content_type = value;
            }
            line = end + 2;
        }
        if (part.name.empty()) return std::nullopt;
        const auto next = body.find("\r\n" + delimiter, headers_end + 4);
        if (next == std::string::npos) return std::nullopt;
        part.data = body.substr(headers_end + 4, next - headers_end - 4);
        parts.push_back(std::move(part));
        at = next + 2 + delimiter.size();
    }
}

}  // namespace agoras::sandbox
