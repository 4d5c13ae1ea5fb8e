#include "bluesky.hpp"

#include "util.hpp"


#include <agoras/sdk/encoding.hpp>
#include <openssl/sha.h>

#include <algorithm>
#include <chrono>
#include <regex>

namespace agoras::sandbox {
namespace json = web::json;

namespace {

constexpr std::int64_t kRefreshLifetime = 90 * 24 * 3600, kRefreshGrace = 2 * 3600, kLoginWindow = 300;
constexpr std::size_t kMaxBlob = 50'000'000;


Response xrpc_error(int status, const std::string& name, const std::string& message) {
    json::value body = json::value::object();
    body["error"] = json::value::string(name);
    body["message"] = json::value::string(message);
    return json_response(status, body);
}

std::string jwt(const std::string& scope, const std::string& did, std::int64_t now, std::int64_t expires_at) {
    const std::string payload = "{\"scope\":\"" + scope + "\",\"sub\":\"" + did + "\",\"iat\":" + std::to_string(now) +
                                ",\"exp\":" + std::to_string(expires_at) + ",\"jti\":\"" + random_text(16, true) + "\"}";
    return sdk::base64url_encode(R"({"typ":"at+jwt","alg":"HS256"})") + "." + sdk::base64url_encode(payload) + "." + sdk::base64url_encode(random_text(32, true));
}

// Grapheme clusters of valid UTF-8, or -1.
bool on_boundary(const std::string& text, std::int64_t at) {
    if (at < 0 || at > static_cast<std::int64_t>(text.size())) return false;
    return at == static_cast<std::int64_t>(text.size()) || (static_cast<unsigned char>(text[static_cast<std::size_t>(at)]) & 0xC0) != 0x80;
}

bool parse_input(const Request& r, json::value& input) {
    try {
        input = json::value::parse(r.body);
        return input.is_object();
    } catch (const std::exception&) {
        return false;
    }
}

bool is_datetime(const json::value& v) {
    static const std::regex pattern(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");
    return v.is_string() && std::regex_match(v.as_string(), pattern);
}

// The lexicon's `language` format: RFC 5646's syntax, as permissive as the PDS (a language subtag of 4 to 8
// letters, "english", is well-formed, if registered nowhere; "en_US" is not).
bool is_language(const std::string& tag) {
    static const std::regex pattern(
        "(([A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?"
        "(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-[0-9A-WY-Za-wy-z](-[A-Za-z0-9]{2,8})+)*(-[xX](-[A-Za-z0-9]{1,8})+)?)"
        "|[xX](-[A-Za-z0-9]{1,8})+|i-[a-z]+|en-GB-oed|sgn-[A-Z]{2}-[A-Z]{2}");
    return std::regex_match(tag, pattern);
}

// A CID (v1, SHA-256, base32) as the PDS makes them: of a blob's bytes (codec raw) or of a record (dag-cbor; the
// sandbox hashes the record's JSON, not its CBOR, so the CID is well-formed but not the one the PDS would compute).
std::string cid_of(unsigned char codec, const std::string& bytes) {
    std::string binary = {'\x01', static_cast<char>(codec), '\x12', '\x20'};
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
    binary.append(reinterpret_cast<const char*>(digest), sizeof digest);
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    std::string out = "b";
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char c : binary) {
        buffer = (buffer << 8) | c;
        for (bits += 8; bits >= 5; bits -= 5) out += alphabet[(buffer >> (bits - 5)) & 31];
    }
    if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
    return out;
}
constexpr unsigned char kRawCodec = 0x55, kDagCborCodec = 0x71;

bool is_tid(const std::string& key) {
    static const std::regex pattern("[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}");
    return std::regex_match(key, pattern);
}

}  // namespace

BlueskyModule::BlueskyModule() {
    controls_.number("rate_limit_next", faults_.rate_limit_next)
        .number("server_error_next", faults_.server_error_next)
        .number("create_then_fail_next", faults_.create_then_fail_next)
        .number("invalid_request_next", faults_.invalid_request_next)
        .number("login_limit", faults_.login_limit)
        .number("access_lifetime_s", faults_.access_lifetime_s)
        .fault("expire_access_tokens",
               [this](const std::string& value) {
                   if (value != "true") return;
                   for (auto& [token, entry] : access_tokens_) entry.second = now_s() - 1;
               })
        .fault("revoke_refresh_tokens",
               [this](const std::string& value) {
                   if (value != "true") return;
                   for (auto& [token, entry] : refresh_tokens_) entry.revoked = true;
               })
        .clock(clock_offset_s_, [this] { return now_s(); })
        .state([this] { return state(); });
    accounts_.push_back({"did:plc:sandboxalice0000000000000", kHandle, kAppPassword, {}});
    accounts_.push_back({"did:plc:sandboxbob00000000000000000", "bob.sandbox.test", "bob-app-password", {}});
    // A post of Bob's to reply to, repost and like, and a reply to it (for thread roots).
    json::value post = json::value::object();
    post["$type"] = json::value::string("app.bsky.feed.post");
    post["text"] = json::value::string("Hello from Bob");
    post["createdAt"] = json::value::string("2026-01-01T00:00:00.000Z");
    const std::string root_cid = cid_of(kDagCborCodec, post.serialize());
    records_["at://did:plc:sandboxbob00000000000000000/app.bsky.feed.post/3kbobroot0000"] = {root_cid, post};
    json::value reply = post;
    reply["text"] = json::value::string("Bob again, in his own thread");
    json::value ref = json::value::object();
    ref["uri"] = json::value::string("at://did:plc:sandboxbob00000000000000000/app.bsky.feed.post/3kbobroot0000");
    ref["cid"] = json::value::string(root_cid);
    reply["reply"] = json::value::object();
    reply["reply"]["root"] = ref;
    reply["reply"]["parent"] = ref;
    records_["at://did:plc:sandboxbob00000000000000000/app.bsky.feed.post/3kbobreply000"] = {cid_of(kDagCborCodec, reply.serialize()), reply};
}

bool BlueskyModule::owns(const Request& r) const {
    return r.path.rfind("/xrpc/", 0) == 0 || r.path.rfind("/_sandbox/bluesky/", 0) == 0;
}

std::int64_t BlueskyModule::now_s() const {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + clock_offset_s_;
}

BlueskyModule::Account* BlueskyModule::account_by(const std::string& identifier) {
    for (auto& a : accounts_) {
        if (a.handle == identifier || a.did == identifier) return &a;
    }
    return nullptr;
}

Response BlueskyModule::handle(const Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    const Request& r = request;
    if (controls_.owns(r)) return controls_.handle(r);
    // The entryway and the PDS are two origins, as at bsky.social: the PDS is the sandbox's localhost origin.
    const bool on_pds = for_localhost(r);
    const std::string nsid = r.path.substr(r.path.rfind('/') + 1);
    (on_pds ? pds_requests_ : entryway_requests_) += 1;
    if (faults_.rate_limit_next > 0) {
        --faults_.rate_limit_next;
        Response busy = xrpc_error(429, "RateLimitExceeded", "Rate Limit Exceeded");
        busy.headers.emplace_back("RateLimit-Limit", "3000");
        busy.headers.emplace_back("RateLimit-Remaining", "0");
        busy.headers.emplace_back("RateLimit-Reset", std::to_string(now_s() - clock_offset_s_ + 1));
        busy.headers.emplace_back("RateLimit-Policy", "3000;w=300");
        return busy;
    }
    if (faults_.server_error_next > 0) {
        --faults_.server_error_next;
        return xrpc_error(500, "InternalServerError", "Internal Server Error");
    }
    return on_pds ? pds(r, nsid) : entryway(r, nsid);
}

// Like bsky.social: the entryway logs in, and passes everything else on to the PDS.
Response BlueskyModule::entryway(const Request& r, const std::string& nsid) {
    if (nsid == "com.atproto.server.createSession" && r.method == "POST") return create_session(r);
    if (nsid == "com.atproto.server.refreshSession" && r.method == "POST") return refresh_session(r);
    // Everything else bsky.social proxies to the account's PDS (crosspost, for one, never leaves the entryway).
    // The state's entryway_requests tells whether a client used the PDS from the DID document.
    return pds(r, nsid);
}

Response BlueskyModule::session_answer(const Account& account, const Request& r) {
    const std::int64_t now = now_s();
    const std::string access = jwt("com.atproto.appPass", account.did, now, now + faults_.access_lifetime_s);
    const std::string refresh = jwt("com.atproto.refresh", account.did, now, now + kRefreshLifetime);
    access_tokens_[access] = {account.did, now + faults_.access_lifetime_s};
    refresh_tokens_[refresh] = RefreshToken{account.did, now + kRefreshLifetime, 0, false};
    json::value body = json::value::object();
    body["did"] = json::value::string(account.did);
    body["handle"] = json::value::string(account.handle);
    body["accessJwt"] = json::value::string(access);
    body["refreshJwt"] = json::value::string(refresh);
    body["active"] = json::value::boolean(true);
    json::value service = json::value::object();
    service["id"] = json::value::string("#atproto_pds");
    service["type"] = json::value::string("AtprotoPersonalDataServer");
    service["serviceEndpoint"] = json::value::string(localhost_origin(r));
    json::value doc = json::value::object();
    doc["id"] = json::value::string(account.did);
    doc["service"] = json::value::array(1);
    doc["service"][0] = service;
    body["didDoc"] = doc;
    return json_response(200, body);
}

Response BlueskyModule::create_session(const Request& r) {
    ++create_session_calls_;
    json::value input;
    if (!parse_input(r, input)) return xrpc_error(400, "InvalidRequest", "Input must be JSON");
    const std::string identifier = text_field(input, "identifier"), password = text_field(input, "password");
    if (identifier.empty() || password.empty()) return xrpc_error(400, "InvalidRequest", "Input must have the properties \"identifier\" and \"password\"");
    Account* account = account_by(identifier);
    // The login limit counts per account (30 per 5 minutes on bsky.social).
    if (account != nullptr) {
        const std::int64_t now = now_s();
        while (!account->logins.empty() && account->logins.front() <= now - kLoginWindow) account->logins.pop_front();
        if (static_cast<int>(account->logins.size()) >= faults_.login_limit) {
            Response busy = xrpc_error(429, "RateLimitExceeded", "Rate Limit Exceeded");
            busy.headers.emplace_back("RateLimit-Limit", std::to_string(faults_.login_limit));
            busy.headers.emplace_back("RateLimit-Remaining", "0");
            busy.headers.emplace_back("RateLimit-Reset", std::to_string(account->logins.front() + kLoginWindow - clock_offset_s_));
            busy.headers.emplace_back("RateLimit-Policy", std::to_string(faults_.login_limit) + ";w=300");
            return busy;
        }
        account->logins.push_back(now);
    }
    if (account == nullptr || account->password != password) {
        return xrpc_error(401, "AuthenticationRequired", "Invalid identifier or password");
    }
    return session_answer(*account, r);
}

Response BlueskyModule::refresh_session(const Request& r) {
    ++refresh_calls_;
    const std::string auth = header(r, "Authorization");
    if (auth.rfind("Bearer ", 0) != 0) return xrpc_error(401, "AuthMissing", "Authentication Required");
    const std::string token = auth.substr(7);
    if (access_tokens_.count(token) > 0) return xrpc_error(400, "InvalidToken", "Bad token scope");
    const auto found = refresh_tokens_.find(token);
    if (found == refresh_tokens_.end()) return xrpc_error(400, "InvalidToken", "Token could not be verified");
    RefreshToken& t = found->second;
    const std::int64_t now = now_s();
    if (t.revoked || (t.rotated_at != 0 && now > t.rotated_at + kRefreshGrace)) {
        return xrpc_error(400, "ExpiredToken", "Token has been revoked");
    }
    if (t.expires_at <= now) return xrpc_error(400, "ExpiredToken", "Token has expired");
    if (t.rotated_at == 0) t.rotated_at = now;
    Account* account = account_by(t.did);
    return session_answer(*account, r);
}

const BlueskyModule::Account* BlueskyModule::authenticate(const Request& r, Response& error) {
    const std::string auth = header(r, "Authorization");
    if (auth.rfind("Bearer ", 0) != 0) {
        error = xrpc_error(401, "AuthMissing", "Authentication Required");
        return nullptr;
    }
    const std::string token = auth.substr(7);
    if (refresh_tokens_.count(token) > 0) {
        error = xrpc_error(400, "InvalidToken", "Bad token scope");
        return nullptr;
    }
    const auto found = access_tokens_.find(token);
    if (found == access_tokens_.end()) {
        error = xrpc_error(401, "InvalidToken", "Token could not be verified");
        return nullptr;
    }
    // bsky.social answers an expired access token with 400, not 401.
    if (found->second.second <= now_s()) {
        error = xrpc_error(400, "ExpiredToken", "Token has expired");
        return nullptr;
    }
    return account_by(found->second.first);
}

Response BlueskyModule::pds(const Request& r, const std::string& nsid) {
    if (nsid == "com.atproto.identity.resolveHandle" && r.method == "GET") {
        const std::string handle = param(r, "handle");
        const Account* account = account_by(handle);
        if (account == nullptr || account->did == handle) {
            // The PDS answers for its own domain with the lexicon's HandleNotFound; bsky.social, resolving any
            // domain, with InvalidRequest.
            const bool own_domain = handle.size() > 13 && handle.compare(handle.size() - 13, 13, ".sandbox.test") == 0;
            return xrpc_error(400, own_domain ? "HandleNotFound" : "InvalidRequest", "Unable to resolve handle");
        }
        return json_response(200, agoras::Json::object().set("did", account->did));
    }
    if (nsid == "com.atproto.repo.getRecord" && r.method == "GET") return get_record(r);
    if (nsid == "com.atproto.repo.listRecords" && r.method == "GET") return list_records(r);
    if (nsid == "com.atproto.server.refreshSession" && r.method == "POST") {
        return refresh_session(r);
    }
    if (nsid == "com.atproto.server.createSession" && r.method == "POST") {
        return create_session(r);
    }
    Response error;
    const Account* account = authenticate(r, error);
    if (account == nullptr) return error;
    if (nsid == "com.atproto.server.getSession" && r.method == "GET") {
        json::value body = json::value::object();
        body["did"] = json::value::string(account->did);
        body["handle"] = json::value::string(account->handle);
        body["active"] = json::value::boolean(true);
        return json_response(200, body);
    }
    if (nsid == "com.atproto.repo.uploadBlob" && r.method == "POST") return upload_blob(r, *account);
    if (nsid == "com.atproto.repo.createRecord" && r.method == "POST") return create_record(r, *account);
    if (nsid == "com.atproto.repo.deleteRecord" && r.method == "POST") return delete_record(r, *account);
    return xrpc_error(501, "MethodNotImplemented", "Method Not Implemented");
}

// A repository's records of one collection, newest (highest record key) first unless reverse=true, a page of
// `limit` (1-100, 50 by default) after `cursor`.
Response BlueskyModule::list_records(const Request& r) {
    const Account* account = account_by(param(r, "repo"));
    if (account == nullptr) return xrpc_error(400, "InvalidRequest", "Could not find repo: " + param(r, "repo"));
    long limit = 50;
    try {
        if (!param(r, "limit").empty()) limit = std::stol(param(r, "limit"));
    } catch (const std::exception&) {
        limit = 0;
    }
    if (limit < 1 || limit > 100) return xrpc_error(400, "InvalidRequest", "limit must be an integer from 1 to 100");
    const bool reverse = param(r, "reverse") == "true";
    const std::string prefix = "at://" + account->did + "/" + param(r, "collection") + "/", cursor = param(r, "cursor");
    std::vector<std::pair<std::string, const Record*>> all;
    for (auto it = records_.lower_bound(prefix); it != records_.end() && it->first.rfind(prefix, 0) == 0; ++it) {
        all.emplace_back(it->first.substr(prefix.size()), &it->second);
    }
    if (!reverse) std::reverse(all.begin(), all.end());
    json::value records = json::value::array();
    std::string last;
    for (const auto& [rkey, record] : all) {
        if (!cursor.empty() && (reverse ? rkey <= cursor : rkey >= cursor)) continue;
        if (static_cast<long>(records.size()) == limit) break;
        json::value item = json::value::object();
        item["uri"] = json::value::string(prefix + rkey);
        item["cid"] = json::value::string(record->cid);
        item["value"] = record->value;
        records[records.size()] = item;
        last = rkey;
    }
    json::value body = json::value::object();
    body["records"] = records;
    if (static_cast<long>(records.size()) == limit) body["cursor"] = json::value::string(last);
    return json_response(200, body);
}

Response BlueskyModule::upload_blob(const Request& r, const Account& account) {
    const std::string declared = header(r, "Content-Type");
    if (declared.empty()) return xrpc_error(400, "InvalidRequest", "Content-Type is required");
    if (r.body.empty()) return xrpc_error(400, "InvalidRequest", "Request body is empty");
    if (r.body.size() > kMaxBlob) return xrpc_error(400, "BlobTooLarge", "This file is too large");
    const std::string actual = sniff(r.body);
    // The PDS sniffs the bytes itself: a generic type (*/*, as some clients send) is taken, a wrong one is not.
    const std::string declared_type = declared.substr(0, declared.find(';'));
    if (declared_type != actual && declared_type != "*/*" && declared_type != "application/octet-stream") {
        return xrpc_error(400, "InvalidRequest", "Content-Type " + declared + " does not match the bytes (" + actual + ")");
    }
    const std::string cid = cid_of(kRawCodec, r.body);
    blobs_[cid] = Blob{account.did, actual, r.body.size(), r.body.find(std::string("Exif\0\0", 6)) != std::string::npos};
    json::value blob = json::value::object();
    blob["$type"] = json::value::string("blob");
    blob["ref"] = json::value::object();
    blob["ref"]["$link"] = json::value::string(cid);
    blob["mimeType"] = json::value::string(actual);
    blob["size"] = json::value::number(static_cast<std::uint64_t>(r.body.size()));
    json::value body = json::value::object();
    body["blob"] = blob;
    return json_response(200, body);
}

std::string BlueskyModule::validate_blob(const json::value& blob, const std::string& did, const std::string& accept,
                                         std::size_t max_size) {
    if (!blob.is_object() || text_field(blob, "$type") != "blob" || !blob.has_field("ref")) return "is not a blob";
    const auto found = blobs_.find(text_field(blob.at("ref"), "$link"));
    if (found == blobs_.end()) return "names a blob that was never uploaded";
    if (found->second.owner != did) return "names a blob another account uploaded";
    if (found->second.mime_type.rfind(accept, 0) != 0) return "is " + found->second.mime_type + ", not " + accept + "*";
    if (found->second.size > max_size) {
        return "is " + std::to_string(found->second.size) + " bytes, over the " + std::to_string(max_size) + " allowed";
    }
    return "";
}

std::string BlueskyModule::check_strong_ref(const json::value& ref) {
    const std::string uri = text_field(ref, "uri"), cid = text_field(ref, "cid");
    if (uri.empty() || cid.empty()) return "is not a strong reference (uri and cid)";
    if (uri.rfind("at://did:", 0) != 0) return "must name its repository by DID, not " + uri;
    const auto found = records_.find(uri);
    if (found == records_.end()) return "names a record that does not exist: " + uri;
    if (found->second.cid != cid) return "has the wrong cid for " + uri;
    return "";
}

std::string BlueskyModule::validate_post(const json::value& record, const std::string& did) {
    if (!record.has_field("text") || !record.at("text").is_string()) return "text is required";
    const std::string text = record.at("text").as_string();
    const long count = graphemes(text);
    if (count < 0) return "text is not valid UTF-8";
    if (count > 300) return "text is " + std::to_string(count) + " graphemes, over 300";
    if (text.size() > 3000) return "text is over 3000 bytes";
    if (record.has_field("facets")) {
        if (!record.at("facets").is_array()) return "facets must be an array";
        for (const auto& facet : record.at("facets").as_array()) {
            if (!facet.has_field("index") || !facet.has_field("features")) return "a facet needs index and features";
            const auto& index = facet.at("index");
            if (!index.has_field("byteStart") || !index.has_field("byteEnd") || !index.at("byteStart").is_integer() ||
                !index.at("byteEnd").is_integer()) {
                return "a facet index needs integer byteStart and byteEnd";
            }
            const std::int64_t start = index.at("byteStart").as_number().to_int64(), end = index.at("byteEnd").as_number().to_int64();
            if (start >= end || !on_boundary(text, start) || !on_boundary(text, end)) {
                return "facet [" + std::to_string(start) + ", " + std::to_string(end) + ") is not a slice of the text on UTF-8 boundaries";
            }
            if (!facet.at("features").is_array() || facet.at("features").size() == 0) return "a facet needs features";
            for (const auto& feature : facet.at("features").as_array()) {
                const std::string type = text_field(feature, "$type");
                if (type == "app.bsky.richtext.facet#mention") {
                    if (text_field(feature, "did").rfind("did:", 0) != 0) return "a mention needs a DID";
                } else if (type == "app.bsky.richtext.facet#link") {
                    if (text_field(feature, "uri").find("://") == std::string::npos) return "a link needs a URI";
                } else if (type == "app.bsky.richtext.facet#tag") {
                    const std::string tag = text_field(feature, "tag");
                    if (tag.empty() || tag.size() > 640 || graphemes(tag) > 64) return "a tag must be 1 to 64 graphemes";
                } else {
                    return "unknown facet feature " + type;
                }
            }
        }
    }
    if (record.has_field("reply")) {
        const auto& reply = record.at("reply");
        for (const char* field : {"root", "parent"}) {
            if (!reply.has_field(field)) return std::string("reply.") + field + " is required";
            const std::string why = check_strong_ref(reply.at(field));
            if (!why.empty()) return std::string("reply.") + field + " " + why;
        }
        // The root of a reply is the root of its parent's thread.
        const auto& parent = records_[text_field(reply.at("parent"), "uri")].value;
        const std::string expected_root = parent.has_field("reply") ? text_field(parent.at("reply").at("root"), "uri")
                                                                    : text_field(reply.at("parent"), "uri");
        if (text_field(reply.at("root"), "uri") != expected_root) return "reply.root is not the thread's root " + expected_root;
    }
    if (record.has_field("langs")) {
        if (!record.at("langs").is_array() || record.at("langs").size() > 3) return "langs: at most 3";
        for (const auto& lang : record.at("langs").as_array()) {
            if (!lang.is_string() || !is_language(lang.as_string())) return "langs: each must be a BCP 47 language tag";
        }
    }
    if (record.has_field("embed")) {
        const auto& embed = record.at("embed");
        const std::string type = text_field(embed, "$type");
        if (type == "app.bsky.embed.images") {
            if (!embed.has_field("images") || !embed.at("images").is_array()) return "embed.images is required";
            const auto& images = embed.at("images").as_array();
            if (images.size() == 0 || images.size() > 4) return "embed.images holds 1 to 4 images";
            for (const auto& image : images) {
                if (!image.has_field("alt") || !image.at("alt").is_string()) return "every image needs alt (may be empty)";
                if (!image.has_field("image")) return "an image needs its blob";
                const std::string why = validate_blob(image.at("image"), did, "image/", 2'000'000);
                if (!why.empty()) return "image " + why;
                if (image.has_field("aspectRatio")) {
                    const auto& ratio = image.at("aspectRatio");
                    if (!ratio.has_field("width") || !ratio.has_field("height") || !ratio.at("width").is_integer() ||
                        ratio.at("width").as_integer() < 1 || !ratio.at("height").is_integer() || ratio.at("height").as_integer() < 1) {
                        return "aspectRatio needs integer width and height of 1 or more";
                    }
                }
            }
        } else if (type == "app.bsky.embed.external") {
            if (!embed.has_field("external")) return "embed.external is required";
            const auto& external = embed.at("external");
            for (const char* field : {"uri", "title", "description"}) {
                if (!external.has_field(field) || !external.at(field).is_string()) return std::string("external.") + field + " is required";
            }
            if (external.has_field("thumb")) {
                const std::string why = validate_blob(external.at("thumb"), did, "image/", 1'000'000);
                if (!why.empty()) return "external.thumb " + why;
            }
        } else if (type == "app.bsky.embed.video") {
            if (!embed.has_field("video")) return "embed.video is required";
            const std::string why = validate_blob(embed.at("video"), did, "video/mp4", 300'000'000);
            if (!why.empty()) return "video " + why;
        } else {
            return "unknown embed " + type;
        }
    }
    return "";
}

std::string BlueskyModule::validate(const std::string& collection, const json::value& record, const std::string& did) {
    if (!record.is_object() || text_field(record, "$type") != collection) return "record/$type must be " + collection;
    if (!record.has_field("createdAt") || !is_datetime(record.at("createdAt"))) {
        return "createdAt must be an RFC 3339 datetime with a time zone";
    }
    if (collection == "app.bsky.feed.post") return validate_post(record, did);
    if (collection == "app.bsky.feed.repost" || collection == "app.bsky.feed.like") {
        if (!record.has_field("subject")) return "subject is required";
        const std::string why = check_strong_ref(record.at("subject"));
        return why.empty() ? "" : "subject " + why;
    }
    return "unknown collection " + collection;
}

Response BlueskyModule::create_record(const Request& r, const Account& account) {
    json::value input;
    if (!parse_input(r, input)) return xrpc_error(400, "InvalidRequest", "Input must be JSON");
    const std::string repo = text_field(input, "repo"), collection = text_field(input, "collection");
    if (repo != account.did && repo != account.handle) return xrpc_error(403, "InvalidRequest", "repo does not match the session's account");
    if (faults_.invalid_request_next > 0) {
        --faults_.invalid_request_next;
        return xrpc_error(400, "InvalidRequest", "Invalid record: rejected by the sandbox on request");
    }
    if (!input.has_field("record")) return xrpc_error(400, "InvalidRequest", "Input must have the property \"record\"");
    std::string rkey = text_field(input, "rkey");
    if (rkey.empty()) rkey = "3k" + random_text(11, true);
    if (!is_tid(rkey)) return xrpc_error(400, "InvalidRequest", "Invalid record key: " + rkey + " is not a TID");
    const std::string why = validate(collection, input.at("record"), account.did);
    if (!why.empty()) return xrpc_error(400, "InvalidRequest", "Invalid " + collection + " record: " + why);
    const std::string uri = "at://" + account.did + "/" + collection + "/" + rkey;
    if (records_.count(uri) > 0) return xrpc_error(400, "InvalidRequest", "Record already exists: " + uri);
    // One like and one repost per subject and account: the PDS deletes the earlier ones when it writes another.
    if (collection == "app.bsky.feed.like" || collection == "app.bsky.feed.repost") {
        const std::string subject = text_field(input.at("record").at("subject"), "uri");
        const std::string prefix = "at://" + account.did + "/" + collection + "/";
        for (auto it = records_.lower_bound(prefix); it != records_.end() && it->first.rfind(prefix, 0) == 0;) {
            it = text_field(it->second.value.at("subject"), "uri") == subject ? records_.erase(it) : std::next(it);
        }
    }
    const std::string cid = cid_of(kDagCborCodec, input.at("record").serialize() + uri);
    records_[uri] = {cid, input.at("record")};
    if (faults_.create_then_fail_next > 0) {
        --faults_.create_then_fail_next;
        return xrpc_error(502, "UpstreamFailure", "Bad Gateway");
    }
    json::value body = json::value::object();
    body["uri"] = json::value::string(uri);
    body["cid"] = json::value::string(cid);
    body["validationStatus"] = json::value::string("valid");
    return json_response(200, body);
}

Response BlueskyModule::get_record(const Request& r) {
    const Account* account = account_by(param(r, "repo"));
    if (account == nullptr) return xrpc_error(400, "InvalidRequest", "Could not find repo: " + param(r, "repo"));
    const std::string uri = "at://" + account->did + "/" + param(r, "collection") + "/" + param(r, "rkey");
    const auto found = records_.find(uri);
    if (found == records_.end()) return xrpc_error(400, "RecordNotFound", "Could not locate record: " + uri);
    json::value body = json::value::object();
    body["uri"] = json::value::string(uri);
    body["cid"] = json::value::string(found->second.cid);
    body["value"] = found->second.value;
    return json_response(200, body);
}

Response BlueskyModule::delete_record(const Request& r, const Account& account) {
    json::value input;
    if (!parse_input(r, input)) return xrpc_error(400, "InvalidRequest", "Input must be JSON");
    const std::string repo = text_field(input, "repo");
    if (repo != account.did && repo != account.handle) return xrpc_error(403, "InvalidRequest", "repo does not match the session's account");
    records_.erase("at://" + account.did + "/" + text_field(input, "collection") + "/" + text_field(input, "rkey"));
    return json_response(200, json::value::object());
}

Json BlueskyModule::state() const {
    Json records = Json::array();
    for (const auto& [uri, record] : records_) {
        records.push(Json::object().set("uri", uri).set("cid", record.cid).set("value", Json::parse(record.value.serialize())));
    }
    Json blobs = Json::array();
    for (const auto& [cid, blob] : blobs_) {
        blobs.push(Json::object()
                       .set("cid", cid)
                       .set("mime_type", blob.mime_type)
                       .set("size", static_cast<unsigned long long>(blob.size))
                       .set("has_exif", blob.has_exif));
    }
    return Json::object()
        .set("records", std::move(records))
        .set("blobs", std::move(blobs))
        .set("create_session_calls", create_session_calls_)
        .set("refresh_calls", refresh_calls_)
        .set("entryway_requests", entryway_requests_)
        .set("pds_requests", pds_requests_);
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "bluesky",
    "an AT Protocol entryway at http://127.0.0.1:N/xrpc/ and PDS at http://localhost:N/xrpc/ (controls:\n"
     "/_sandbox/bluesky/faults, /_sandbox/bluesky/clock, /_sandbox/bluesky/state); account\n"
     "alice.sandbox.test with app password abcd-efgh-ijkl-mnop, and bob.sandbox.test (bob-app-password)",
    {},
    [](const SandboxOptions&) { return std::make_unique<BlueskyModule>(); }}};

}  // namespace

}  // namespace agoras::sandbox
