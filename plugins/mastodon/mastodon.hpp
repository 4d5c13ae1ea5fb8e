// The Mastodon plugin's actions and its status publishing (shared by post, reply, video and
// `agoras post --to`).
#pragma once

#include <agoras/json.hpp>
#include <agoras/plugin.hpp>
#include <agoras/sdk/post.hpp>

namespace agoras::mastodon {

constexpr const char* kDefaultScopes = "read:accounts write:statuses write:media write:favourites";

sdk::Capabilities mastodon_capabilities();
Json validate_post(const sdk::Invocation& call, const sdk::Post& post);
void publish_post(const sdk::Invocation& call, const sdk::Post& post);
// After an interrupted `post --to`: the checkpointed request sent again under its Idempotency-Key.
Json reconcile_post(const sdk::Invocation& call, const Json& checkpoint);

void run_authorize(const sdk::Invocation& call);
void run_post(const sdk::Invocation& call);
void run_reply(const sdk::Invocation& call);
void run_video(const sdk::Invocation& call);
void run_share(const sdk::Invocation& call);
void run_like(const sdk::Invocation& call);
void run_delete(const sdk::Invocation& call);
void run_whoami(const sdk::Invocation& call);

}  // namespace agoras::mastodon
