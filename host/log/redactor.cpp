#include "log/redactor.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

namespace agoras::host::log {
namespace {

std::mutex secrets_mutex;

std::vector<std::string>& secrets() {
    static std::vector<std::string> values;
    return values;
}

}  // namespace

void add_secret(std::string_view value) {
    if (value.empty()) return;
    std::lock_guard<std::mutex> lock(secrets_mutex);
    auto& values = secrets();
    if (std::find(values.begin(), values.end(), value) != values.end()) return;
    values.emplace_back(value);
    // Longest first, so that a secret containing another one is blanked out whole.
    std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string redact(std::string_view text) {
    std::string out(text);
    std::lock_guard<std::mutex> lock(secrets_mutex);
    for (const auto& secret : secrets()) {
        for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + kRedacted.size())) {
            out.replace(pos, secret.size(), kRedacted);
        }
    }
    return out;
}

}  // namespace agoras::host::log
