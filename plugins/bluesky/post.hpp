// Publishing a Bluesky post (text, facets, images, a video or a link card, a reply): what the post,
// reply and video actions and `agoras post --to` share.
#pragma once

#include <agoras/json.hpp>
#include <agoras/plugin.hpp>
#include <agoras/sdk/post.hpp>

namespace agoras::bluesky {

constexpr std::size_t kMaxImages = 4;
constexpr std::size_t kImageMaxBytes = 2'000'000;   // app.bsky.embed.images
constexpr std::size_t kThumbMaxBytes = 1'000'000;   // app.bsky.embed.external
constexpr std::uint64_t kVideoMaxBytes = 50'000'000;  // what a PDS takes through uploadBlob
constexpr std::uint64_t kSourceMaxBytes = 50'000'000; // an image before it is made to fit
constexpr std::uint64_t kCardSourceMaxBytes = 5'000'000;  // a link card's picture, which a page's author chose

sdk::Capabilities bluesky_capabilities();

// Checks `post` against Bluesky's rules without sending anything; returns it as Bluesky will get it.
Json validate_post(const sdk::Post& post);
void publish_post(const sdk::Invocation& call, const sdk::Post& post);
Json reconcile_post(const sdk::Invocation& call, const Json& checkpoint);

// The text a post carries: --link is appended only when images take the embed (no card then).
std::string text_of(const sdk::Post& post);

}  // namespace agoras::bluesky
