#include "records.hpp"

#include <agoras/sdk/url.hpp>
#include <ctime>
#include <random>

namespace agoras::bluesky {
namespace {

[[noreturn]] void bad_name(const std::string& option, const std::string& id) {
    throw sdk::Error(AGORAS_ERR_USAGE, "--" + option + " must be an at:// URI or a https://bsky.app/profile/.../post/... "
                                       "URL, not '" + id + "'");
}

bool plain_segment(const std::string& s) {
    if (s.empty() || s.size() > 512) return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '-' || c == '_' || c == ':' || c == '~';
        if (!ok) return false;
    }
    return true;
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string::npos) return parts;
        start = end + 1;
    }
}

bool ambiguous(const sdk::Error& e) {
    if (e.status() == AGORAS_ERR_NETWORK) return true;
    const auto* x = dynamic_cast<const XrpcError*>(&e);
    return x != nullptr && x->failure().status >= 500;
}

}  // namespace

RecordName parse_record_name(const std::string& id, const std::string& option) {
    std::string rest;
    RecordName name;
    if (id.rfind("at://", 0) == 0) {
        const auto parts = split(id.substr(5), '/');
        if (parts.size() != 3) bad_name(option, id);
        name = {parts[0], parts[1], parts[2]};
    } else if (id.rfind("https://bsky.app/profile/", 0) == 0) {
        auto path = id.substr(25);
        path = path.substr(0, path.find_first_of("?#"));
        if (!path.empty() && path.back() == '/') path.pop_back();
        const auto parts = split(path, '/');
        if (parts.size() != 3 || parts[1] != "post") bad_name(option, id);
        name = {parts[0], kPostCollection, parts[2]};
    } else {
        bad_name(option, id);
    }
    if (!plain_segment(name.repo) || !plain_segment(name.collection) || !plain_segment(name.rkey)) bad_name(option, id);
    return name;
}

std::string resolve_handle(Xrpc& xrpc, const std::string& handle) {
    try {
        const Json answer = xrpc.query("com.atproto.identity.resolveHandle", {{"handle", handle}},
                                       "resolving @" + handle);
        const std::string did = answer["did"].text();
        return did.rfind("did:", 0) == 0 ? did : "";
    } catch (const XrpcError& e) {
        // An unknown handle is a client error whatever its name: bsky.social says InvalidRequest, a PDS for its
        // own domain HandleNotFound (the lexicon's), others may say something else. Authorization, rate limits and
        // server errors still end the run.
        if (e.status() == AGORAS_ERR_REMOTE && e.failure().status >= 400 && e.failure().status < 500) return "";
        throw;
    }
}

RecordName with_did(Xrpc& xrpc, RecordName name) {
    if (name.repo.rfind("did:", 0) == 0) return name;
    const std::string did = xrpc.dry_run() ? "did:plc:dryrun" : resolve_handle(xrpc, name.repo);
    if (did.empty()) throw sdk::Error(AGORAS_ERR_GENERIC, "Bluesky knows no account @" + name.repo);
    name.repo = did;
    return name;
}

std::optional<StoredRecord> find_record(Xrpc& xrpc, const RecordName& name) {
    try {
        const Json answer = xrpc.query("com.atproto.repo.getRecord",
                                       {{"repo", name.repo}, {"collection", name.collection}, {"rkey", name.rkey}},
                                       "reading " + name.uri());
        if (xrpc.dry_run()) return StoredRecord{name.uri(), answer["cid"].text(), Json::object()};
        return StoredRecord{answer["uri"].text(), answer["cid"].text(), answer["value"]};
    } catch (const XrpcError& e) {
        // RecordNotFound; an unknown repo answers InvalidRequest "Could not find repo".
        const auto& f = e.failure();
        if (f.name == "RecordNotFound" || f.status == 404 ||
            (f.name == "InvalidRequest" && f.message.find("Could not find") != std::string::npos)) {
            return std::nullopt;
        }
        throw;
    }
}

StoredRecord get_record(Xrpc& xrpc, const RecordName& name, const std::string& what) {
    auto found = find_record(xrpc, name);
    if (!found) throw sdk::Error(AGORAS_ERR_GENERIC, "Bluesky has no " + what + " " + name.uri());
    return *found;
}

std::optional<std::string> find_own_record_about(Xrpc& xrpc, const std::string& did, const std::string& collection,
                                                 const std::string& subject_uri) {
    constexpr int kPages = 10;  // of 100: a bound on the requests, since an account may have liked millions
    std::string cursor;
    for (int page = 0; page < kPages; ++page) {
        sdk::Params params = {{"repo", did}, {"collection", collection}, {"limit", "100"}};
        if (!cursor.empty()) params.emplace_back("cursor", cursor);
        const Json answer = xrpc.query("com.atproto.repo.listRecords", params, "listing your " + collection + " records");
        for (const auto& record : answer["records"].items()) {
            if (record["value"]["subject"]["uri"].text() == subject_uri) return record["uri"].text();
        }
        cursor = answer["cursor"].text();
        if (cursor.empty() || answer["records"].size() < 100) break;
    }
    return std::nullopt;
}

std::string new_record_key(const sdk::Host& host) {
    static const char alphabet[] = "234567abcdefghijklmnopqrstuvwxyz";
    static thread_local std::mt19937_64 random{std::random_device{}()};
    const std::uint64_t micros = static_cast<std::uint64_t>(host.now_unix_ms()) * 1000 + random() % 1000;
    const std::uint64_t value = ((micros & ((1ULL << 53) - 1)) << 10) | (random() & 0x3FF);
    std::string key(13, '2');
    for (int i = 12; i >= 0; --i) key[static_cast<std::size_t>(12 - i)] = alphabet[(value >> (5 * i)) & 0x1F];
    return key;
}

std::string record_timestamp(const sdk::Host& host) {
    const std::int64_t ms = host.now_unix_ms();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[40];
    const auto n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(ms % 1000));
    return text;
}

namespace {

// The URI a server gave for the record created as `name`: it must name that record (agoras chose its
// key), so that a result never carries a path a server made up ("…/post/../../evil").
std::string checked_uri(const std::string& uri, const RecordName& name) {
    const std::string suffix = "/" + name.collection + "/" + name.rkey;
    const bool shaped = uri.rfind("at://", 0) == 0 && uri.size() > 5 + suffix.size() &&
                        uri.compare(uri.size() - suffix.size(), suffix.size(), suffix) == 0;
    if (!shaped) throw sdk::Error(AGORAS_ERR_REMOTE, "Bluesky answered a URI other than the record's; refusing to use it");
    sdk::checked_server_id(uri.substr(5, uri.size() - 5 - suffix.size()), "a repository in the record's URI", "Bluesky");
    return uri;
}

}  // namespace

StoredRecord create_record(Xrpc& xrpc, const sdk::Host& host, const RecordName& name, const Json& record,
                           const std::string& doing) {
    const Json body = Json::object()
                          .set("repo", name.repo)
                          .set("collection", name.collection)
                          .set("rkey", name.rkey)
                          .set("record", record);
    for (int attempt = 1;; ++attempt) {
        try {
            const Json answer = xrpc.procedure("com.atproto.repo.createRecord", body, doing);
            if (xrpc.dry_run()) return StoredRecord{answer["uri"].text(), answer["cid"].text(), record};  // made up here
            return StoredRecord{checked_uri(answer["uri"].text(), name), answer["cid"].text(), record};
        } catch (const sdk::Error& e) {
            if (attempt == 1 && !ambiguous(e)) throw;
            // The record may exist: its key says so without a doubt.
            if (auto existing = find_record(xrpc, name)) {
                host.info("Bluesky stored " + name.uri() + " although the answer was lost; not posting it again");
                return *existing;
            }
            if (attempt == 2) throw;
            host.warn(std::string(e.what()) + "; " + name.uri() + " does not exist, sending it once more");
        }
    }
}

std::string post_url(const std::string& handle, const RecordName& name) {
    return "https://bsky.app/profile/" + (handle.empty() ? name.repo : handle) + "/post/" + name.rkey;
}

}  // namespace agoras::bluesky
