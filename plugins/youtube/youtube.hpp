// The YouTube plugin: its account (OAuth for installed apps, a refresh token in the vault), its
// actions, and the resumable upload that video and `agoras post --to` share.
#pragma once

#include "api.hpp"

#include <agoras/json.hpp>
#include <agoras/plugin.hpp>
#include <agoras/sdk/post.hpp>

namespace agoras::youtube {

constexpr const char* kScopes = "https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube";

// A fresh access token for the account the run names (options, environment, else the vault), set on
// `api`. Throws sdk::Error(AGORAS_ERR_AUTH) when there is none (but for a dry run).
void sign_in(const sdk::Invocation& call, YouTubeApi& api);

// A video id from --post-id: the id, or a youtube.com/watch?v=, youtu.be/ or youtube.com/shorts/ URL.
std::string video_id_of(const std::string& given);

sdk::Capabilities youtube_capabilities();
Json validate_post(const sdk::Invocation& call, const sdk::Post& post);
void publish_post(const sdk::Invocation& call, const sdk::Post& post);
// After an interrupted `post --to`: the checkpointed upload session asked, and finished when it can be.
Json reconcile_post(const sdk::Invocation& call, const sdk::Post& post, const Json& checkpoint);

void run_authorize(const sdk::Invocation& call);
void run_video(const sdk::Invocation& call);
void run_like(const sdk::Invocation& call);
void run_delete(const sdk::Invocation& call);
void run_whoami(const sdk::Invocation& call);

}  // namespace agoras::youtube
