#include "actions.hpp"

#include "post.hpp"
#include "records.hpp"
#include "session.hpp"

namespace agoras::bluesky {
namespace {

// A record about someone's post (a repost, a like): its subject is the post's strong reference.
void create_about_post(const sdk::Invocation& call, const char* collection, const std::string& doing) {
    const RecordName target_name = parse_record_name(call.require("post-id"), "post-id");
    Xrpc xrpc(call.host(), kDefaultService, call.flag("dry-run"));
    const Session session = open_session(call, xrpc);
    const StoredRecord target = get_record(xrpc, with_did(xrpc, target_name), "post");
    // Liked or reposted already: that record is the answer. Another would replace it at the PDS, under a new id.
    if (!xrpc.dry_run()) {
        if (const auto existing = find_own_record_about(xrpc, session.did, collection, target.uri)) {
            call.host().info("already " + std::string(std::string(collection) == kLikeCollection ? "liked" : "reposted") + ": " + *existing);
            call.host().emit(Json::object().set("id", *existing).set("subject", target.uri).set("existing", true));
            return;
        }
    }
    const Json record = Json::object()
                            .set("$type", collection)
                            .set("subject", Json::object().set("uri", target.uri).set("cid", target.cid))
                            .set("createdAt", record_timestamp(call.host()));
    const RecordName name{session.did, collection, new_record_key(call.host())};
    const StoredRecord created = create_record(xrpc, call.host(), name, record, doing + " " + target.uri);
    if (xrpc.dry_run()) return;
    call.host().emit(Json::object().set("id", created.uri).set("subject", target.uri));
}

}  // namespace

void run_authorize(const sdk::Invocation& call) {
    const sdk::Host& host = call.host();
    const std::string login = call.require("handle"), password = call.require("app-password");
    host.register_secret(password);
    const std::string identifier = identifier_of(login);
    std::string service = call.get_or("service", kDefaultService);
    while (!service.empty() && service.back() == '/') service.pop_back();
    Xrpc xrpc(host, service, call.flag("dry-run"));
    SessionRecord record;
    try {
        record = create_session(xrpc, service, identifier, password);
    } catch (const XrpcError& e) {
        if (e.failure().name != "AuthFactorTokenRequired") throw;
        throw sdk::Error(AGORAS_ERR_AUTH, "Bluesky asks for an e-mailed code: that is the account password. Create an "
                                          "app password (Settings > Privacy and security > App passwords) and use it");
    }
    if (xrpc.dry_run()) return;
    if (!call.flag("forget-password")) record.app_password = password;
    host.vault_put(identifier, record.to_json().serialize());
    host.vault_set_default(identifier);
    host.emit(Json::object()
                  .set("id", record.did)
                  .set("handle", record.handle)
                  .set("service", record.service)
                  .set("pds", record.pds)
                  .set("authorized", true));
}

void run_post(const sdk::Invocation& call) { publish_post(call, sdk::post_from_options(call)); }

void run_reply(const sdk::Invocation& call) {
    sdk::Post post = sdk::post_from_options(call);
    post.reply_to = call.require("post-id");
    publish_post(call, post);
}

void run_video(const sdk::Invocation& call) {
    sdk::Post post;
    post.text = call.get_or("text", "");
    post.media.push_back({AGORAS_MEDIA_VIDEO, call.require("video"), "video/mp4", call.get_or("alt-text", "")});
    if (auto language = call.get("language")) post.language = *language;
    publish_post(call, post);
}

void run_share(const sdk::Invocation& call) { create_about_post(call, kRepostCollection, "reposting"); }

void run_like(const sdk::Invocation& call) { create_about_post(call, kLikeCollection, "liking"); }

void run_delete(const sdk::Invocation& call) {
    const RecordName given = parse_record_name(call.require("post-id"), "post-id");
    if (given.collection != kPostCollection && given.collection != kRepostCollection && given.collection != kLikeCollection) {
        throw sdk::Error(AGORAS_ERR_USAGE, "--post-id must name a post, a repost or a like, not a " + given.collection +
                                               " record");
    }
    Xrpc xrpc(call.host(), kDefaultService, call.flag("dry-run"));
    const Session session = open_session(call, xrpc);
    const RecordName name = with_did(xrpc, given);
    if (!xrpc.dry_run() && name.repo != session.did) {
        throw sdk::Error(AGORAS_ERR_USAGE, name.uri() + " belongs to another account; only your own records can be deleted");
    }
    get_record(xrpc, name, "record");
    // deleteRecord is idempotent: sending it twice deletes once.
    xrpc.procedure("com.atproto.repo.deleteRecord",
                   Json::object().set("repo", name.repo).set("collection", name.collection).set("rkey", name.rkey),
                   "deleting " + name.uri(), true);
    if (xrpc.dry_run()) return;
    call.host().emit(Json::object().set("id", name.uri()).set("deleted", true));
}

void run_whoami(const sdk::Invocation& call) {
    Xrpc xrpc(call.host(), kDefaultService, call.flag("dry-run"));
    const Session session = open_session(call, xrpc);
    const Json answer = xrpc.query("com.atproto.server.getSession", {}, "reading the session");
    if (xrpc.dry_run()) return;
    const std::string handle = answer["handle"].text();
    call.host().emit(Json::object()
                         .set("id", answer["did"].text())
                         .set("handle", handle)
                         .set("url", "https://bsky.app/profile/" + handle)
                         .set("pds", session.pds));
}

}  // namespace agoras::bluesky
