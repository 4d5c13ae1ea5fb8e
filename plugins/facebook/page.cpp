#include "page.hpp"

#include <algorithm>

namespace agoras::facebook {
namespace {

bool is_graph_id(const std::string& id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace

void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "Facebook: " + message); }

const meta::GraphService& service() {
    static const meta::GraphService s{"Facebook", "facebook", "App Dashboard > App settings > Basic", false};
    return s;
}

meta::GraphEndpoint graph_endpoint() {
    std::string base = kGraphUrl.value();
    while (!base.empty() && base.back() == '/') base.pop_back();
    return {base, "v21.0"};
}

std::string checked_id(const std::string& id, const std::string& option) {
    if (!is_graph_id(id)) refuse("--" + option + " must be a Facebook id (digits, or PAGE_POST), not '" + id + "'");
    return id;
}

std::optional<Page> stored_page(const sdk::Invocation& call) {
    if (!call.get_or("refresh-token", "").empty()) return std::nullopt;
    const sdk::Host& host = call.host();
    const std::string page_id = call.get_or("object-id", "");
    const std::string identifier = page_id.empty() ? host.vault_default() : page_id;
    const auto stored = identifier.empty() ? std::nullopt : host.vault_get(identifier);
    if (!stored) return std::nullopt;
    const Json record = Json::parse(*stored);
    return Page{record["object_id"].text(), record["page_token"].text(), record["page_name"].text()};
}

bool names_page(const sdk::Invocation& call) {
    return !call.get_or("refresh-token", "").empty() && !call.get_or("object-id", "").empty();
}

void not_authorized() {
    throw sdk::Error(AGORAS_ERR_AUTH, "not authorized: run 'agoras facebook authorize', or set FACEBOOK_OBJECT_ID and "
                                      "FACEBOOK_REFRESH_TOKEN (with FACEBOOK_CLIENT_ID and FACEBOOK_CLIENT_SECRET)");
}

Page page_of(const sdk::Invocation& call, meta::GraphClient& client) {
    if (auto page = stored_page(call)) {
        client.set_access_token(page->token);
        return *page;
    }
    const std::string page_id = call.get_or("object-id", ""), user_token = call.get_or("refresh-token", "");
    if (client.dry_run()) {
        client.set_access_token("PAGE_TOKEN");
        return {page_id.empty() ? "PAGE_ID" : page_id, "PAGE_TOKEN", ""};
    }
    if (!names_page(call)) not_authorized();
    checked_id(page_id, "object-id");
    client.set_access_token(user_token);
    const Json page = client.get(client.endpoint().api({page_id}), {{"fields", "id,name,access_token"}}, "reading the Page's token");
    if (page["access_token"].text().empty()) {
        throw sdk::Error(AGORAS_ERR_AUTH, "the token cannot act for Page " + page_id + ": the user must manage it (and grant "
                                          "pages_manage_posts)");
    }
    client.set_access_token(page["access_token"].text());
    return {page_id, page["access_token"].text(), page["name"].text()};
}

LoginResult facebook_login(const sdk::Invocation& call, meta::GraphClient& client, const std::string& default_scopes) {
    const sdk::Host& host = call.host();
    LoginResult login;
    login.client_id = call.get_or("client-id", call.get_or("app-id", ""));
    login.client_secret = call.require("client-secret");
    if (login.client_id.empty()) refuse("give --client-id (FACEBOOK_CLIENT_ID), the Facebook app's id");
    host.register_secret(login.client_secret);
    const std::string redirect = host.oauth_redirect_uri(AGORAS_OAUTH_HTTPS_LOOPBACK);  // Meta takes only https
    const std::string authorize_url = sdk::with_query(kAuthorizeUrl.value(),
                                                      {{"client_id", login.client_id}, {"redirect_uri", redirect},
                                                       {"scope", call.get_or("scopes", default_scopes)}, {"response_type", "code"}});
    std::string code = "CODE";
    if (!client.dry_run()) {
        sdk::OAuthRequest oauth;
        oauth.authorize_url = authorize_url;
        oauth.redirect = AGORAS_OAUTH_HTTPS_LOOPBACK;
        oauth.timeout_seconds = sdk::oauth_timeout_option(call.get_or("timeout", ""));
        oauth.no_browser = call.flag("no-browser");
        code = host.oauth(oauth).code();
        host.register_secret(code);
    }
    const meta::GraphEndpoint& graph = client.endpoint();
    const Json short_lived = client.call("GET", graph.api({"oauth", "access_token"}),
                                         {{"client_id", login.client_id}, {"client_secret", login.client_secret},
                                          {"redirect_uri", redirect}, {"code", code}},
                                         {}, "exchanging the code", meta::Auth::none, meta::Repeat::unsafe);
    host.register_secret(short_lived["access_token"].text());
    const Json long_lived = client.call("GET", graph.api({"oauth", "access_token"}),
                                        {{"grant_type", "fb_exchange_token"}, {"client_id", login.client_id},
                                         {"client_secret", login.client_secret}, {"fb_exchange_token", short_lived["access_token"].text()}},
                                        {}, "getting the long-lived token", meta::Auth::none, meta::Repeat::safe);
    login.user_token = long_lived["access_token"].text();
    login.expires_at = host.now_unix_ms() / 1000 + long_lived["expires_in"].integer(60 * 24 * 3600);
    client.set_access_token(login.user_token);
    return login;
}

void run_authorize(const sdk::Invocation& call) {
    const sdk::Host& host = call.host();
    const std::string wanted_page = call.get_or("object-id", "");
    if (!wanted_page.empty()) checked_id(wanted_page, "object-id");
    meta::GraphClient client(host, graph_endpoint(), service(), call.flag("dry-run"));
    const LoginResult login = facebook_login(call, client, kDefaultScopes);
    const meta::GraphEndpoint& graph = client.endpoint();
    const Json accounts = client.get(graph.api({"me", "accounts"}), {{"fields", "id,name,access_token,tasks"}}, "listing the Pages");
    if (client.dry_run()) return;
    const auto& pages = accounts["data"].items();
    const Json* chosen = nullptr;
    std::string listing;
    for (const auto& p : pages) {
        listing += (listing.empty() ? "" : ", ") + p["id"].text() + " (" + p["name"].text() + ")";
        if (p["id"].text() == wanted_page || (wanted_page.empty() && pages.size() == 1)) chosen = &p;
    }
    if (pages.empty()) throw sdk::Error(AGORAS_ERR_AUTH, "the account manages no Facebook Page (or did not grant pages_show_list)");
    if (chosen == nullptr) {
        throw sdk::Error(AGORAS_ERR_USAGE, wanted_page.empty() ? "the account manages several Pages: " + listing + "; choose one with --object-id"
                                                               : "the account does not manage Page " + wanted_page + " (it manages " + listing + ")");
    }
    const std::string page_id = (*chosen)["id"].text();
    Json record = Json::object()
                      .set("client_id", login.client_id)
                      .set("client_secret", login.client_secret)
                      .set("refresh_token", login.user_token)
                      .set("object_id", page_id)
                      .set("page_name", (*chosen)["name"].text())
                      .set("page_token", (*chosen)["access_token"].text())
                      .set("token_expires_at", login.expires_at);
    host.vault_put(page_id, record.serialize());
    host.vault_set_default(page_id);
    host.emit(Json::object().set("id", page_id).set("name", (*chosen)["name"].text()).set("authorized", true));
}

void run_post(const sdk::Invocation& call) { publish_post(call, sdk::post_from_options(call)); }

}  // namespace agoras::facebook
