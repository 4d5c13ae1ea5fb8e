#include "google.hpp"

#include "google_users.hpp"
#include "util.hpp"

#include <agoras/sdk/encoding.hpp>
#include <agoras/sdk/url.hpp>

#include <cpprest/json.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <chrono>
#include <memory>

namespace agoras::sandbox {
namespace json = web::json;

namespace {

Response oauth_error(const std::string& error, const std::string& description) {
    json::value body = json::value::object();
    body["error"] = json::value::string(error);
    body["error_description"] = json::value::string(description);
    return json_response(400, body);
}

Response api_error(int status, const std::string& message) {
    json::value body = json::value::parse(R"({"error":{}})");
    body["error"]["code"] = json::value::number(status);
    body["error"]["message"] = json::value::string(message);
    return json_response(status, body);
}

std::string base64url_decode(const std::string& text) { return sdk::base64url_decode(text).value_or(""); }

bool verify_rs256(const std::string& pem, const std::string& input, const std::string& signature) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    return key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
           EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}

// "'My sheet'!I5" -> name "My sheet", cell "I5" (empty for the whole sheet).
bool parse_range(const std::string& range, std::string& name, std::string& cells) {
    if (range.empty() || range[0] != '\'') {
        name = range.substr(0, range.find('!'));
        cells = range.find('!') == std::string::npos ? "" : range.substr(range.find('!') + 1);
        return !name.empty();
    }
    std::size_t i = 1;
    for (; i < range.size(); ++i) {
        if (range[i] == '\'' && i + 1 < range.size() && range[i + 1] == '\'') {
            name += '\'';
            ++i;
        } else if (range[i] == '\'') {
            break;
        } else {
            name += range[i];
        }
    }
    if (i >= range.size()) return false;
    const std::string rest = range.substr(i + 1);
    if (!rest.empty() && rest[0] != '!') return false;
    cells = rest.empty() ? "" : rest.substr(1);
    return true;
}

}  // namespace

Response GoogleModule::handle(const Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (controls_.owns(request)) return controls_.handle(request);
    if (request.path == "/google/token" && request.method == "POST") {
        // People's accounts (installed apps' consent) have their own store; service accounts stay here.
        const std::string grant = param(request, "grant_type");
        if (grant == "authorization_code" || grant == "refresh_token") return GoogleUsers::shared().token(request);
        return token(request);
    }
    if (request.path == "/google/o/oauth2/v2/auth" && request.method == "GET") return GoogleUsers::shared().authorize(request);
    if (request.path.rfind("/google/sheets/v4/spreadsheets/", 0) == 0) return values(request);
    return api_error(404, "Not Found");
}

Response GoogleModule::token(const Request& r) {
    ++token_calls_;
    if (param(r, "grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer") {
        return oauth_error("unsupported_grant_type", "Invalid grant_type: " + param(r, "grant_type"));
    }
    const std::string assertion = param(r, "assertion");
    const auto first = assertion.find('.'), second = assertion.rfind('.');
    if (first == std::string::npos || first == second) return oauth_error("invalid_request", "Invalid JWT: Token must be a short-lived token");
    json::value jwt_header, claims;
    try {
        jwt_header = json::value::parse(base64url_decode(assertion.substr(0, first)));
        claims = json::value::parse(base64url_decode(assertion.substr(first + 1, second - first - 1)));
    } catch (const std::exception&) {
        return oauth_error("invalid_request", "Invalid JWT: cannot be decoded");
    }
    if (text_field(jwt_header, "alg") != "RS256") return oauth_error("invalid_request", "Invalid JWT: alg must be RS256");
    const std::string email = text_field(claims, "iss");
    const auto key = public_keys_.find(email);
    if (key == public_keys_.end()) return oauth_error("invalid_grant", "Invalid grant: account not found");
    if (!verify_rs256(key->second, assertion.substr(0, second), base64url_decode(assertion.substr(second + 1)))) {
        return oauth_error("invalid_grant", "Invalid JWT Signature.");
    }
    if (text_field(claims, "aud") != "http://" + header(r, "Host") + "/google/token") {
        return oauth_error("invalid_grant", "Invalid JWT: audience is not the token URL");
    }
    if (text_field(claims, "scope").find("https://www.googleapis.com/auth/spreadsheets") == std::string::npos) {
        return oauth_error("invalid_scope", "The scope must include https://www.googleapis.com/auth/spreadsheets");
    }
    using namespace std::chrono;
    const std::int64_t now = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
    if (!claims.has_field("iat") || !claims.has_field("exp")) return oauth_error("invalid_grant", "Invalid JWT: iat and exp are required");
    const std::int64_t iat = claims.at("iat").as_number().to_int64(), exp = claims.at("exp").as_number().to_int64();
    if (iat > now + 300 || exp < now || exp - iat > 3600) {
        return oauth_error("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe");
    }
    const std::string access = "ya29.sandbox-" + random_text(24);
    tokens_[access] = email;
    json::value body = json::value::object();
    body["access_token"] = json::value::string(access + token_suffix_);  // a broken server's token, on request
    body["expires_in"] = json::value::number(3599);
    body["token_type"] = json::value::string("Bearer");
    return json_response(200, body);
}

Response GoogleModule::values(const Request& r) {
    const std::string auth = header(r, "Authorization");
    if (auth.rfind("Bearer ", 0) != 0 || tokens_.count(auth.substr(7)) == 0) {
        return api_error(401, "Request had invalid authentication credentials.");
    }
    // /google/sheets/v4/spreadsheets/<id>/values/<range>
    const std::string rest = r.path.substr(31);
    const auto slash = rest.find("/values/");
    if (slash == std::string::npos) return api_error(404, "Not Found");
    const std::string id = rest.substr(0, slash), range = rest.substr(slash + 8);
    std::string name, cells;
    if (!parse_range(range, name, cells)) return api_error(400, "Unable to parse range: " + range);
    const auto sheet = sheets_.find(id + "/" + name);
    if (sheet == sheets_.end()) return api_error(400, "Unable to parse range: " + range);
    if (r.method == "GET") {
        if (!cells.empty()) return api_error(400, "the sandbox reads whole worksheets only");
        json::value rows = json::value::array();
        for (std::size_t i = 0; i < sheet->second.size(); ++i) {
            auto row = sheet->second[i];
            while (!row.empty() && row.back().empty()) row.pop_back();  // Google leaves out trailing empty cells
            json::value cells_json = json::value::array(row.size());
            for (std::size_t k = 0; k < row.size(); ++k) cells_json[k] = json::value::string(row[k]);
            rows[i] = cells_json;
        }
        json::value body = json::value::object();
        body["range"] = json::value::string(range);
        body["majorDimension"] = json::value::string("ROWS");
        body["values"] = rows;
        return json_response(200, body);
    }
    if (r.method == "PUT") {
        if (param(r, "valueInputOption") != "RAW" && param(r, "valueInputOption") != "USER_ENTERED") {
            return api_error(400, "Invalid valueInputOption");
        }
        json::value body;
        try {
            body = json::value::parse(r.body);
        } catch (const std::exception&) {
            return api_error(400, "Invalid JSON payload received.");
        }
        // One cell, as A1 notation: a column letter and a row number.
        if (cells.size() < 2 || cells[0] < 'A' || cells[0] > 'Z' || cells.find_first_not_of("0123456789", 1) != std::string::npos) {
            return api_error(400, "the sandbox writes single cells only, not " + cells);
        }
        if (!body.has_field("values") || !body.at("values").is_array() || body.at("values").size() != 1 ||
            body.at("values").at(0).size() != 1 || !body.at("values").at(0).at(0).is_string()) {
            return api_error(400, "values must be one row of one cell");
        }
        const std::size_t row = std::stoul(cells.substr(1)) - 1, column = static_cast<std::size_t>(cells[0] - 'A');
        if (sheet->second.size() <= row) sheet->second.resize(row + 1);
        if (sheet->second[row].size() <= column) sheet->second[row].resize(column + 1);
        sheet->second[row][column] = body.at("values").at(0).at(0).as_string();
        writes_.push_back(cells);
        return json_response(200, json::value::parse("{\"updatedCells\":1}"));
    }
    return api_error(405, "Method Not Allowed");
}

GoogleModule::GoogleModule() {
    // A service account's public key (PEM in the body), for checking its JWTs.
    controls_.endpoint("POST", "account", [this](const Request& r) {
        public_keys_[param(r, "email")] = r.body;
        return json_response(200, Json::object().set("ok", true));
    });
    // A worksheet's cells: {"values": [[...], ...]}.
    controls_.endpoint("POST", "sheet", [this](const Request& r) {
        Grid grid;
        const Json body = Json::parse(r.body);
        for (const auto& row : body["values"].items()) {
            std::vector<std::string> cells;
            for (const auto& c : row.items()) cells.push_back(c.text());
            grid.push_back(std::move(cells));
        }
        sheets_[param(r, "id") + "/" + param(r, "name")] = std::move(grid);
        return json_response(200, Json::object().set("ok", true));
    });
    controls_.text("token_suffix", token_suffix_)
        .fault("testing_app", [](const std::string& value) { GoogleUsers::shared().set_testing(value == "true"); })
        .fault("revoke_refresh_tokens", [](const std::string&) { GoogleUsers::shared().revoke_refresh_tokens(); })
        .fault("expire_access_tokens", [](const std::string&) { GoogleUsers::shared().expire_access_tokens(); })
        .fault("advance_user_clock", [](const std::string& value) { GoogleUsers::shared().advance(std::stoll(value)); });
    controls_.endpoint("GET", "state", [this](const Request& r) { return json_response(200, state(r)); });
}

Json GoogleModule::state(const Request& r) const {
    Json rows = Json::array();
    const auto sheet = sheets_.find(param(r, "id") + "/" + param(r, "name"));
    if (sheet != sheets_.end()) {
        for (const auto& row : sheet->second) rows.push(Json::array_of(row));
    }
    return Json::object().set("values", std::move(rows)).set("writes", Json::array_of(writes_)).set("token_calls", token_calls_)
        .set("user_refreshes", GoogleUsers::shared().refreshes());
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "google",
    "Google's token endpoint at /google/token (service accounts; people's accounts with the consent page at\n"
    "/google/o/oauth2/v2/auth, client sandbox-google-client.apps.googleusercontent.com / sandbox-google-secret)\n"
    "and Sheets v4 values at /google/sheets (controls: /_sandbox/google/account, /sheet, /faults, /state)",
    {{"AGORAS_GOOGLE_TOKEN_URL", "/google/token"}, {"AGORAS_GOOGLE_SHEETS_URL", "/google/sheets"},
     {"AGORAS_GOOGLE_AUTHORIZE_URL", "/google/o/oauth2/v2/auth"}},
    [](const SandboxOptions&) { return std::make_unique<GoogleModule>(); }}};

}  // namespace

}  // namespace agoras::sandbox
