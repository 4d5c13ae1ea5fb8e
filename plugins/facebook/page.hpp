// Which Page a Facebook action acts as: the vault's Page (the default, or the one `post --to
// facebook:PAGE` names) with its token, or a long-lived user token from the options exchanged for the
// Page's token; and Facebook Login with `authorize`, which stores the Page.
#pragma once

#include "facebook.hpp"

#include <optional>
#include <string>

namespace agoras::facebook {

[[noreturn]] void refuse(const std::string& message);
const meta::GraphService& service();
// `id` when it is a Graph id (digits, or PAGE_POST); a usage error naming --`option` otherwise.
std::string checked_id(const std::string& id, const std::string& option);

// The Page and its token: the vault's record (authorize), or the environment's long-lived user token,
// exchanged for the Page's token on each run.
struct Page {
    std::string id, token, name;
};

// The Page of the vault (--object-id's, else the default) when no user token is given; else nullopt.
std::optional<Page> stored_page(const sdk::Invocation& call);
// Whether the options name a Page and a user token to reach it with.
bool names_page(const sdk::Invocation& call);
[[noreturn]] void not_authorized();
// The Page, its token set on `client` (one request when it comes from a user token).
Page page_of(const sdk::Invocation& call, meta::GraphClient& client);

}  // namespace agoras::facebook
