// Decoding of multipart/form-data bodies (RFC 7578) for the modules that take uploads: strict, so a
// client that builds them wrongly fails here as it would on the platform.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace agoras::sandbox {

struct FormPart {
    std::string name, filename, content_type, data;
};

// The parts, or nullopt when `body` is not a well-formed multipart body for `content_type`.
std::optional<std::vector<FormPart>> parse_multipart(const std::string& content_type, const std::string& body);

}  // namespace agoras::sandbox
