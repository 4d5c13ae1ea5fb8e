// Records in an AT Protocol repository: names (at:// URIs, bsky.app URLs), reading one, and creating
// one so that a retry after a lost answer can never create it twice (the client picks the record key,
// and an ambiguous failure is settled by looking the key up).
#pragma once

#include "xrpc.hpp"

#include <string>

namespace agoras::bluesky {

constexpr const char* kPostCollection = "app.bsky.feed.post";
constexpr const char* kRepostCollection = "app.bsky.feed.repost";
constexpr const char* kLikeCollection = "app.bsky.feed.like";

struct RecordName {
    std::string repo;  // a DID, or a handle until resolved
    std::string collection;
    std::string rkey;
    std::string uri() const { return "at://" + repo + "/" + collection + "/" + rkey; }
};

// An at:// URI or a https://bsky.app/profile/<handle-or-did>/post/<rkey> URL. Throws USAGE naming `option`.
RecordName parse_record_name(const std::string& id, const std::string& option);

// The DID of `handle`, or "" when the server cannot resolve it.
std::string resolve_handle(Xrpc& xrpc, const std::string& handle);

// `name` with its repo as a DID (resolving a handle). Throws GENERIC (not found) when it cannot.
RecordName with_did(Xrpc& xrpc, RecordName name);

struct StoredRecord {
    std::string uri, cid;
    Json value;
};

// The record, or nullopt when the repository has none by that name.
std::optional<StoredRecord> find_record(Xrpc& xrpc, const RecordName& name);
// find_record() that throws AGORAS_ERR_GENERIC ("not found") naming `what`.
StoredRecord get_record(Xrpc& xrpc, const RecordName& name, const std::string& what);
// The account's like or repost (`collection`) of `subject_uri`, if one is among its newest 1,000 of that kind
// (com.atproto.repo.listRecords; no AppView needed). A PDS keeps one per subject, replacing the older.
std::optional<std::string> find_own_record_about(Xrpc& xrpc, const std::string& did, const std::string& collection,
                                                 const std::string& subject_uri);

// A fresh record key: a TID (timestamp identifier), sortable by creation time.
std::string new_record_key(const sdk::Host& host);

// The current time as the RFC 3339 datetime records carry (UTC, "Z", milliseconds).
std::string record_timestamp(const sdk::Host& host);

// Creates `record` as <did>/<collection>/<rkey>. A failure that may have happened after the server
// stored it (no answer, a 5xx) is settled by reading the key back, and the create is sent again with
// the same key only when it is absent.
StoredRecord create_record(Xrpc& xrpc, const sdk::Host& host, const RecordName& name, const Json& record,
                           const std::string& doing);

// The web address of a post.
std::string post_url(const std::string& handle, const RecordName& name);

}  // namespace agoras::bluesky
