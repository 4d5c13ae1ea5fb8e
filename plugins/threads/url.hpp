// Percent-encoding for query strings and form bodies (RFC 3986 unreserved characters stay as they are).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace agoras::threads {

using Params = std::vector<std::pair<std::string, std::string>>;

std::string percent_encode(const std::string& text);
// "a=1&b=x%20y": the form of both query strings and application/x-www-form-urlencoded bodies.
std::string encode_params(const Params& params);
std::string with_query(const std::string& url, const Params& params);

}  // namespace agoras::threads
