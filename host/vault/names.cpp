#include "vault/names.hpp"

#include "status_error.hpp"

namespace agoras::host::vault {

void validate_platform(const std::string& platform) {
    bool ok = !platform.empty() && platform.size() <= 64;
    for (char c : platform) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    if (!ok) throw usage_error("invalid platform name '" + platform + "' (lower-case letters, digits, - and _)");
}

void validate_identifier(const std::string& identifier) {
    bool ok = !identifier.empty() && identifier.size() <= 128 && identifier[0] != '.' && identifier[0] != '-';
    for (char c : identifier) {
        ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '@' || c == '+' || c == ':' || c == '-');
    }
    if (!ok) {
        throw usage_error("invalid identifier '" + identifier +
                          "' (1-128 characters of letters, digits and . _ @ + : -, not starting with . or -)");
    }
}

}  // namespace agoras::host::vault
