// The LinkedIn plugin's actions and its post publishing (shared by post, video and `agoras post --to`).
#pragma once

#include <agoras/json.hpp>
#include <agoras/plugin.hpp>
#include <agoras/sdk/post.hpp>

namespace agoras::linkedin {

constexpr std::size_t kMaxText = 3000;

sdk::Capabilities linkedin_capabilities();
Json validate_post(const sdk::Invocation& call, const sdk::Post& post);
void publish_post(const sdk::Invocation& call, const sdk::Post& post);
// After an interrupted `post --to`: the author's recent posts searched for the checkpointed text.
Json reconcile_post(const sdk::Invocation& call, const sdk::Post& post, const Json& checkpoint);

void run_authorize(const sdk::Invocation& call);
void run_post(const sdk::Invocation& call);
void run_video(const sdk::Invocation& call);
void run_share(const sdk::Invocation& call);
void run_like(const sdk::Invocation& call);
void run_delete(const sdk::Invocation& call);
void run_whoami(const sdk::Invocation& call);

}  // namespace agoras::linkedin
