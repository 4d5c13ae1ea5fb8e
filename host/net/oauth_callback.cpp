#include "net/oauth_callback.hpp"

#include <openssl/crypto.h>

namespace agoras::host::net {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string form_decode(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() &&
                   hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

bool same_secret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::map<std::string, std::string> parse_query(const std::string& query) {
    std::map<std::string, std::string> params;
    std::size_t start = 0;
    while (start <= query.size()) {
        const auto end = std::min(query.find('&', start), query.size());
        const std::string pair = query.substr(start, end - start);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            params.emplace(form_decode(pair.substr(0, eq)), eq == std::string::npos ? "" : form_decode(pair.substr(eq + 1)));
        }
        start = end + 1;
    }
    return params;
}

std::map<std::string, std::string> query_of_url(const std::string& url) {
    const auto question = url.find('?');
    if (question == std::string::npos) return {};
    const auto hash = url.find('#', question);
    return parse_query(url.substr(question + 1, hash == std::string::npos ? std::string::npos : hash - question - 1));
}

CallbackOutcome interpret_callback(const std::map<std::string, std::string>& params, const std::string& expected_state) {
    const auto get = [&](const char* name) -> std::string {
        const auto it = params.find(name);
        return it == params.end() ? "" : it->second;
    };
    if (params.count("error") == 0 && params.count("code") == 0) {
        return {CallbackOutcome::Kind::ignored, "no code in the callback"};
    }
    if (!same_secret(get("state"), expected_state)) {
        return {CallbackOutcome::Kind::foreign,
                "the callback's state does not match this authorization (a stale or forged redirect); run the command again"};
    }
    if (params.count("error") > 0) {
        std::string message = "authorization was refused: " + get("error");
        if (!get("error_description").empty()) message += " (" + get("error_description") + ")";
        return {CallbackOutcome::Kind::failure, message};
    }
    std::string code = get("code");
    if (code.size() >= 2 && code.compare(code.size() - 2, 2, "#_") == 0) code.resize(code.size() - 2);
    if (code.empty()) return {CallbackOutcome::Kind::failure, "the callback carried an empty code"};
    return {CallbackOutcome::Kind::code, code};
}

}  // namespace agoras::host::net
