// The TikTok plugin: its account (PKCE login, rotating refresh tokens kept in the vault), its actions,
// and the publisher that video, post (photos) and `agoras post --to` share.
#pragma once

#include "api.hpp"

#include <agoras/json.hpp>
#include <agoras/plugin.hpp>
#include <agoras/sdk/post.hpp>

namespace agoras::tiktok {

constexpr const char* kScopes = "user.info.basic,video.publish,video.upload";

// A fresh access token for the run's account, set on `api`. TikTok's refresh tokens rotate: the newest
// is written to the vault, under its lock, before it is used. Throws sdk::Error(AGORAS_ERR_AUTH) when
// there is none (but for a dry run).
void sign_in(const sdk::Invocation& call, TikTokApi& api);

sdk::Capabilities tiktok_capabilities();
Json validate_post(const sdk::Invocation& call, const sdk::Post& post);
void publish_post(const sdk::Invocation& call, const sdk::Post& post);
// After an interrupted `post --to`: the checkpointed publish_id's status.
Json reconcile_post(const sdk::Invocation& call, const sdk::Post& post, const Json& checkpoint);

void run_authorize(const sdk::Invocation& call);
void run_video(const sdk::Invocation& call);
void run_post(const sdk::Invocation& call);
void run_whoami(const sdk::Invocation& call);
void run_creator_info(const sdk::Invocation& call);

}  // namespace agoras::tiktok
