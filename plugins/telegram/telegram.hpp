// The Telegram plugin's actions and its post publishing (shared by `post`, `video` and `agoras post --to`).
#pragma once

#include <agoras/json.hpp>
#include <agoras/plugin.hpp>
#include <agoras/sdk/post.hpp>

namespace agoras::telegram {

constexpr std::size_t kMaxText = 4096, kMaxCaption = 1024, kMaxAlbum = 10;
constexpr std::uint64_t kMaxPhotoBytes = 10'000'000, kMaxVideoBytes = 50'000'000;

sdk::Capabilities telegram_capabilities();
Json validate_post(const sdk::Invocation& call, const sdk::Post& post);
void publish_post(const sdk::Invocation& call, const sdk::Post& post);

void run_authorize(const sdk::Invocation& call);
void run_post(const sdk::Invocation& call);
void run_video(const sdk::Invocation& call);
void run_delete(const sdk::Invocation& call);
void run_whoami(const sdk::Invocation& call);

// The length Telegram limits: UTF-16 code units of the text as shown, so with parse mode HTML the tags
// do not count and entities count as the character they stand for.
std::size_t visible_length(const std::string& text, const std::string& parse_mode);

}  // namespace agoras::telegram
