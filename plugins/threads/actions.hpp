// The Threads actions. Each validates its input before any request, opens a session, and emits one
// JSON result line. `post` runs through the typed-post code of post.hpp, as `agoras post --to` does.
#pragma once

#include <agoras/plugin.hpp>

namespace agoras::threads {

void run_authorize(const sdk::Invocation& call);
void run_post(const sdk::Invocation& call);
void run_reply(const sdk::Invocation& call);
void run_video(const sdk::Invocation& call);
void run_share(const sdk::Invocation& call);
void run_delete(const sdk::Invocation& call);
void run_insights(const sdk::Invocation& call);
void run_quota(const sdk::Invocation& call);
void run_whoami(const sdk::Invocation& call);

constexpr const char* kDefaultScopes =
    "threads_basic,threads_content_publish,threads_delete,threads_manage_replies,threads_manage_insights";

}  // namespace agoras::threads
