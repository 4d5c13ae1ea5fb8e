// The X module's own OAuth 1.0a checker (RFC 5849), written apart from the plugin's signer so that a
// mistake in one is not repeated in the other: the Authorization header parsed, the signature base
// string rebuilt from the request as received, HMAC-SHA1 recomputed.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace agoras::sandbox::x_oauth {

// The oauth_* pairs of an "OAuth k="v", ..." header, percent-decoded; nullopt when it is not one.
std::optional<std::map<std::string, std::string>> parse_authorization(const std::string& header);

// The base64 HMAC-SHA1 of the signature base string of `method` on `base_url` (no query) over
// `params` (oauth_* but oauth_signature, query and form parameters).
std::string expected_signature(const std::string& method, const std::string& base_url,
                               const std::multimap<std::string, std::string>& params, const std::string& consumer_secret,
                               const std::string& token_secret);

}  // namespace agoras::sandbox::x_oauth
