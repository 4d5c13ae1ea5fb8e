// The Facebook Pages plugin's actions, on the shared Meta Graph client (plugins/meta): Facebook Login
// through the host's OAuth, the long-lived user token, the Page's token, and the Page's posts.
#pragma once

#include <agoras/json.hpp>
#include <agoras/plugin.hpp>
#include <agoras/sdk/post.hpp>

#include <graph_client.hpp>

namespace agoras::facebook {

inline constexpr sdk::Setting kGraphUrl{"AGORAS_FACEBOOK_GRAPH_URL", "base URL of the Graph API (the sandbox, say)",
                                        "https://graph.facebook.com"};
inline constexpr sdk::Setting kAuthorizeUrl{"AGORAS_FACEBOOK_AUTHORIZE_URL", "Facebook Login's dialog",
                                            "https://www.facebook.com/v21.0/dialog/oauth"};
constexpr const char* kDefaultScopes = "pages_show_list,pages_read_engagement,pages_manage_posts,pages_manage_engagement";
constexpr std::size_t kMaxImages = 10;

// graph.facebook.com (or AGORAS_FACEBOOK_GRAPH_URL), v21.0: Facebook's and Instagram's Graph API.
meta::GraphEndpoint graph_endpoint();

// Facebook Login (Facebook and Instagram share it): the code through the host's https loopback, then
// the long-lived user token, which `client` carries afterwards.
struct LoginResult {
    std::string client_id, client_secret, user_token;
    std::int64_t expires_at = 0;
};
LoginResult facebook_login(const sdk::Invocation& call, meta::GraphClient& client, const std::string& default_scopes);

sdk::Capabilities facebook_capabilities();
Json validate_post(const sdk::Invocation& call, const sdk::Post& post);
void publish_post(const sdk::Invocation& call, const sdk::Post& post);

void run_authorize(const sdk::Invocation& call);
void run_post(const sdk::Invocation& call);
void run_video(const sdk::Invocation& call);
void run_like(const sdk::Invocation& call);
void run_share(const sdk::Invocation& call);
void run_delete(const sdk::Invocation& call);
void run_whoami(const sdk::Invocation& call);

}  // namespace agoras::facebook
