#include "multipart.hpp"

namespace agoras::sandbox {
namespace {

// A parameter of a header value (`form-data; name="a"; filename=b.png`): names case-insensitive, values quoted or
// bare tokens, spaces around the semicolons optional, as clients in the wild write them (grammY, for one).
std::string header_parameter(const std::string& header, const std::string& name) {
    std::size_t at = header.find(';');
    while (at != std::string::npos) {
        at = header.find_first_not_of(" \t", at + 1);
        if (at == std::string::npos) return "";
        const auto equals = header.find('=', at);
        if (equals == std::string::npos) return "";
        std::string key = header.substr(at, equals - at);
        while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
        for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value;
        std::size_t next;
        if (equals + 1 < header.size() && header[equals + 1] == '"') {
            const auto close = header.find('"', equals + 2);
            if (close == std::string::npos) return "";
            value = header.substr(equals + 2, close - equals - 2);
            next = header.find(';', close);
        } else {
            next = header.find(';', equals);
            value = header.substr(equals + 1, next == std::string::npos ? std::string::npos : next - equals - 1);
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
        }
        if (key == name) return value;
        at = next;
    }
    return "";
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
            const auto value_at = colon == std::string::npos ? std::string::npos : header.find_first_not_of(" \t", colon + 1);
            const std::string value = value_at == std::string::npos ? "" : header.substr(value_at);
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
