#include "commands/utils/feed_publish.hpp"

#include "cli/action_options.hpp"
#include "clock.hpp"
#include "publish/fanout.hpp"
#include "publish/option_values.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <agoras/sdk/url.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <random>
#include <unordered_set>

namespace agoras::host::commands {

using publish::make_option;
using publish::networks_of;
using publish::value_of;

namespace {

using plugins::OptionInfo;

// A feed larger than this is refused (the biggest real feeds are a few MiB).
constexpr std::size_t kMaxFeedBytes = 16u << 20;

plugins::ActionInfo declaration() {
    plugins::ActionInfo action;
    action.name = "feed-publish";
    action.help = "Publish the items of an RSS or Atom feed";
    OptionInfo network = make_option("network", AGORAS_OPTION_LIST, "platforms to publish to: P or P:ACCOUNT, comma-separated");
    network.required = true;
    OptionInfo mode = make_option("mode", AGORAS_OPTION_STRING, "last: the newest items not yet published; random: one of them");
    mode.required = true;
    OptionInfo url = make_option("feed-url", AGORAS_OPTION_STRING, "the feed's URL (https://, or http:// to loopback)");
    url.required = true;
    action.options = {network,
                      mode,
                      url,
                      make_option("max-count", AGORAS_OPTION_INTEGER, "last: at most this many items per run", "MAX_COUNT", "1"),
                      make_option("post-lookback", AGORAS_OPTION_INTEGER, "last: only items dated within this many seconds",
                             "POST_LOOKBACK", "3600"),
                      make_option("max-post-age", AGORAS_OPTION_INTEGER, "random: only items dated within this many days",
                             "MAX_POST_AGE", "365"),
                      make_option("dry-run", AGORAS_OPTION_FLAG, "show what would be published; publish nothing")};
    return action;
}

// A window option's value, at most `most` (so that now minus it cannot overflow).
std::int64_t number_of(const plugins::OptionValues& values, const std::string& name, std::int64_t most) {
    const std::int64_t n = std::stoll(value_of(values, name).value_or("0"));
    if (n < 0 || n > most) throw usage_error("--" + name + " must be 0 to " + std::to_string(most));
    return n;
}

// The charset parameter of a Content-Type (`application/rss+xml; charset="ISO-8859-1"`), or "".
std::string charset_of(const std::string& content_type) {
    std::string lower = content_type;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto at = lower.find("charset=");
    if (at == std::string::npos || lower.find(';') > at) return "";
    std::string value = content_type.substr(at + 8);
    value = value.substr(0, value.find(';'));
    value.erase(0, value.find_first_not_of(" \t\""));
    value.erase(value.find_last_not_of(" \t\"") + 1);
    return value;
}

// The feed, downloaded with the validators of the last download (ETag, Last-Modified), or the last
// download's body when the server answers 304 Not Modified; a download is kept only once it parses.
feeds::Feed download(const std::string& url) {
    std::optional<state::FeedCache> cached;
    services::check(services::state().feed_cache_get(url, cached));
    net::HttpCall call;
    call.url = url;
    call.retry_safe = true;
    call.max_redirects = 5;
    call.max_response_bytes = kMaxFeedBytes;
    call.headers.emplace_back("Accept", "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.8");
    if (cached && !cached->etag.empty()) call.headers.emplace_back("If-None-Match", cached->etag);
    if (cached && !cached->last_modified.empty()) call.headers.emplace_back("If-Modified-Since", cached->last_modified);
    net::HttpAnswer answer;
    services::check(services::net().http_send(call, answer));
    const bool unchanged = answer.status == 304 && cached;
    if (unchanged) spdlog::debug("the feed has not changed since {} (304): using the last download", cached->fetched_at);
    if (!unchanged && answer.status != 200) {
        throw StatusError(AGORAS_ERR_REMOTE, "the feed answered HTTP " + std::to_string(answer.status));
    }
    // A charset in Content-Type outranks the document's own declaration (RFC 7303). Such a feed is kept in the
    // cache as UTF-8, declared so, since a 304 brings no Content-Type to read it by.
    const std::string charset = unchanged ? "" : charset_of(answer.header("Content-Type"));
    std::string as_utf8;
    feeds::Feed feed;
    const services::Outcome parsed =
        services::feeds().parse(unchanged ? cached->body : answer.body, charset, feed, charset.empty() ? nullptr : &as_utf8);
    if (!parsed.ok()) throw StatusError(AGORAS_ERR_REMOTE, "the feed cannot be read: " + parsed.message + "; nothing was published");
    if (!unchanged) {
        services::check(services::state().feed_cache_put(
            {url, answer.header("ETag"), answer.header("Last-Modified"), charset.empty() ? answer.body : as_utf8, 0}));
    }
    return feed;
}

std::string key_of(const std::string& feed_url, const feeds::FeedItem& item) { return "feed:" + feed_url + "#" + item.identity; }

}  // namespace

int run_feed_publish_command(cli::CommandContext& context) {
    const plugins::ActionInfo action = declaration();
    const auto parsed = cli::parse_action_options(action, context.args);
    if (parsed.help) {
        std::cout << "Usage: agoras utils feed-publish --network P[,P2...] --mode last|random --feed-url URL\n"
                     "                                 [--max-count N] [--post-lookback SECONDS] [--max-post-age DAYS]\n\n"
                  << action.help << ": each item as \"<title> <link>\" with its image, never twice to a platform.\n\n"
                  << cli::describe_action(action);
        return 0;
    }
    const std::string mode = value_of(parsed.values, "mode").value_or("");
    if (mode != "last" && mode != "random") throw usage_error("--mode must be last or random, not '" + mode + "'");
    const std::string feed_url = value_of(parsed.values, "feed-url").value_or("");
    const std::vector<std::string> networks = networks_of(parsed.values);
    const std::int64_t max_count = number_of(parsed.values, "max-count", 1'000'000);
    const std::int64_t now = now_unix_ms() / 1000;

    const feeds::Feed feed = download(feed_url);
    // Candidates: dated items within the window, newest first by date (not by position in the feed).
    constexpr std::int64_t kCenturyDays = 36525;
    const std::int64_t oldest = mode == "last" ? now - number_of(parsed.values, "post-lookback", kCenturyDays * 86400)
                                               : now - number_of(parsed.values, "max-post-age", kCenturyDays) * 86400;
    std::vector<feeds::FeedItem> candidates;
    std::unordered_set<std::string> seen;
    std::size_t undated = 0;
    for (const auto& item : feed.items) {
        if (!item.date) {
            ++undated;
        } else if (*item.date >= oldest && *item.date <= now && seen.insert(item.identity).second) {
            candidates.push_back(item);
        }
    }
    if (undated > 0) spdlog::info("{} item(s) of the feed have no date and are left out", undated);
    std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) { return *a.date > *b.date; });
    if (mode == "random") std::shuffle(candidates.begin(), candidates.end(), std::mt19937_64{std::random_device{}()});
    // The first ones not yet published everywhere (looked up in the journal one by one, only as far
    // as needed).
    const std::size_t wanted = mode == "last" ? static_cast<std::size_t>(max_count) : 1;
    std::vector<feeds::FeedItem> chosen;
    for (const auto& item : candidates) {
        if (chosen.size() >= wanted) break;
        if (!publish::published_everywhere(key_of(feed_url, item), networks)) chosen.push_back(item);
    }
    std::reverse(chosen.begin(), chosen.end());  // published oldest first, so timelines read in order
    if (chosen.empty()) {
        spdlog::info("nothing new in {} to publish", feed_url);
        return 0;
    }

    int exit_code = 0;
    for (const auto& item : chosen) {
        publish::PublishPlan plan;
        plan.specs = networks;
        plan.post.text = item.title.empty() ? item.link : item.link.empty() ? item.title : item.title + " " + item.link;
        // The feed's author chose the image: from a public https address or the feed's own server only.
        if (!item.image.empty() && sdk::may_fetch_from_content(item.image, feed_url)) {
            plan.post.media.push_back({AGORAS_MEDIA_IMAGE, item.image, "", ""});
        } else if (!item.image.empty()) {
            spdlog::warn("the image {} of an item is neither public https nor on the feed's server; posted without it",
                         item.image.substr(0, item.image.find_first_of("?#")));
        }
        plan.key = key_of(feed_url, item);
        plan.key_names_post = false;  // made of the item: the networks may change between runs
        plan.dry_run = value_of(parsed.values, "dry-run").has_value();
        plan.extra = Json::object().set("item", item.identity);
        try {
            const int code = publish::publish_to_targets(context.registry, plan);
            if (code != 0 && exit_code == 0) exit_code = code;
        } catch (const StatusError& e) {
            // One item the platforms refuse (too long, say) does not stop the others.
            spdlog::error("item {}: {}", item.identity, e.what());
            if (exit_code == 0) exit_code = e.status();
        }
    }
    return exit_code;
}

}  // namespace agoras::host::commands
