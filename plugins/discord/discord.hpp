// The Discord plugin's actions and its post publishing (shared by `post`, `video` and `agoras post --to`).
#pragma once

#include <agoras/json.hpp>
#include <agoras/plugin.hpp>
#include <agoras/sdk/post.hpp>

namespace agoras::discord {

constexpr std::size_t kMaxContent = 2000, kMaxFiles = 10;
constexpr std::uint64_t kMaxUploadBytes = 10ull << 20;  // per message, for servers without boosts

sdk::Capabilities discord_capabilities();
Json validate_post(const sdk::Invocation& call, const sdk::Post& post);
void publish_post(const sdk::Invocation& call, const sdk::Post& post);

void run_authorize(const sdk::Invocation& call);
void run_post(const sdk::Invocation& call);
void run_video(const sdk::Invocation& call);
void run_delete(const sdk::Invocation& call);
void run_whoami(const sdk::Invocation& call);

}  // namespace agoras::discord
