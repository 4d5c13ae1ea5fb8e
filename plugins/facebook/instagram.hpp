// The Instagram platform (professional accounts through Facebook Login, as the original does), in the
// Facebook plugin so that one login serves both: Instagram reads the Facebook record's user token.
// Posts go through Meta's containers (plugins/meta), created, awaited and published exactly once.
#pragma once

#include <agoras/json.hpp>
#include <agoras/plugin.hpp>
#include <agoras/sdk/post.hpp>

namespace agoras::instagram {

constexpr const char* kDefaultScopes = "instagram_basic,instagram_content_publish,pages_read_engagement,pages_show_list";
constexpr std::size_t kMaxCaption = 2200, kMaxCarousel = 10;

sdk::Capabilities instagram_capabilities();
Json validate_post(const sdk::Invocation& call, const sdk::Post& post);
void publish_post(const sdk::Invocation& call, const sdk::Post& post);

void run_authorize(const sdk::Invocation& call);
void run_post(const sdk::Invocation& call);
void run_video(const sdk::Invocation& call);
void run_quota(const sdk::Invocation& call);
void run_whoami(const sdk::Invocation& call);

}  // namespace agoras::instagram
