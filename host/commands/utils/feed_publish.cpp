#include "commands/utils/feed_publish.hpp"

#include "cli/action_options.hpp"
#include "cli/examples.hpp"
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
using publish::values_of;

namespace {

using plugins::OptionInfo;

// A feed larger than this is refused (the biggest real feeds are a few MiB).
constexpr std::size_t kMaxFeedBytes = 256u << 20;  // podcasts run to tens of megabytes; parsed as a stream

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
                      make_option("template", AGORAS_OPTION_STRING, "the text of a post: {title} and {link} are the item's",
                                  "FEED_TEMPLATE", "{title} {link}"),
                      make_option("too-long", AGORAS_OPTION_LIST,
                                  "a text a platform cannot take: refuse, truncate (at a word, with an ellipsis) or "
                                  "thread; PLATFORM=POLICY for one platform (default refuse)"),
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

// The post's text from --template: {title} and {link} replaced, spaces around a missing one dropped.
std::string render(const std::string& text_template, const feeds::FeedItem& item) {
    std::string out;
    for (std::size_t at = 0; at < text_template.size();) {
        if (text_template.compare(at, 7, "{title}") == 0) {
            out += item.title;
            at += 7;
        } else if (text_template.compare(at, 6, "{link}") == 0) {
            out += item.link;
            at += 6;
        } else {
            out += text_template[at++];
        }
    }
    std::string collapsed;  // "{title} {link}" without a title is the link, not " link"
    for (char c : out) {
        if (c == ' ' && (collapsed.empty() || collapsed.back() == ' ')) continue;
        collapsed += c;
    }
    while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
    return collapsed;
}

// --template: only {title} and {link} are known, so a typo ({tittle}) is refused rather than posted.
void check_template(const std::string& text_template) {
    for (std::size_t open = text_template.find('{'); open != std::string::npos; open = text_template.find('{', open + 1)) {
        const auto close = text_template.find('}', open);
        const std::string name = text_template.substr(open, close == std::string::npos ? std::string::npos : close - open + 1);
        if (name != "{title}" && name != "{link}") {
            throw usage_error("--template knows {title} and {link}, not " + name);
        }
    }
    if (text_template.find("{title}") == std::string::npos && text_template.find("{link}") == std::string::npos) {
        throw usage_error("--template must use {title} or {link}, or every item would post the same text");
    }
}

// --too-long: POLICY for every platform, or PLATFORM=POLICY.
std::map<std::string, std::string> too_long_of(const plugins::OptionValues& values) {
    std::map<std::string, std::string> policies;
    for (const auto& item : publish::split_commas(values_of(values, "too-long"))) {
        const auto eq = item.find('=');
        const std::string platform = eq == std::string::npos ? "*" : item.substr(0, eq);
        const std::string policy = eq == std::string::npos ? item : item.substr(eq + 1);
        if (policy != "refuse" && policy != "truncate" && policy != "thread") {
            throw usage_error("--too-long takes refuse, truncate or thread (or PLATFORM=POLICY), not '" + item + "'");
        }
        policies[platform] = policy;
    }
    return policies;
}

std::string key_of(const std::string& feed_url, const feeds::FeedItem& item) { return "feed:" + feed_url + "#" + item.identity; }

}  // namespace

int run_feed_publish_command(cli::CommandContext& context) {
    const plugins::ActionInfo action = declaration();
    const auto parsed = cli::parse_action_options(action, context.args);
    if (parsed.help) {
        std::cout << "Usage: agoras utils feed-publish --network P[,P2...] --mode last|random --feed-url URL\n"
                     "                                 [--max-count N] [--post-lookback SECONDS] [--max-post-age DAYS]\n"
                     "                                 [--template TEXT] [--too-long POLICY|PLATFORM=POLICY]...\n\n"
                  << action.help << ": each item as --template says (\"<title> <link>\") with its image, never twice to a "
                                    "platform.\n\n"
                  << cli::describe_action(action);
        cli::print_examples(std::cout, cli::command_examples("utils feed-publish"));
        return 0;
    }
    const std::string mode = value_of(parsed.values, "mode").value_or("");
    if (mode != "last" && mode != "random") throw usage_error("--mode must be last or random, not '" + mode + "'");
    const std::string feed_url = value_of(parsed.values, "feed-url").value_or("");
    const std::vector<std::string> networks = networks_of(parsed.values);
    const std::int64_t max_count = number_of(parsed.values, "max-count", 1'000'000);
    const std::string text_template = value_of(parsed.values, "template").value_or("{title} {link}");
    check_template(text_template);
    const auto too_long = too_long_of(parsed.values);
    const std::int64_t now = now_unix_ms() / 1000;

    const feeds::Feed feed = download(feed_url);
    // Candidates: dated items within the window, newest first by date (not by position in the feed).
    constexpr std::int64_t kCenturyDays = 36525;
    const std::int64_t oldest = mode == "last" ? now - number_of(parsed.values, "post-lookback", kCenturyDays * 86400)
                                               : now - number_of(parsed.values, "max-post-age", kCenturyDays) * 86400;
    std::vector<const feeds::FeedItem*> candidates;  // into feed.items, which outlives them
    std::unordered_set<std::string_view> seen;
    std::size_t undated = 0;
    for (const auto& item : feed.items) {
        if (!item.date) {
            ++undated;
        } else if (*item.date >= oldest && *item.date <= now && seen.insert(item.identity).second) {
            candidates.push_back(&item);
        }
    }
    if (undated > 0) spdlog::info("{} item(s) of the feed have no date and are left out", undated);
    std::stable_sort(candidates.begin(), candidates.end(), [](const auto* a, const auto* b) { return *a->date > *b->date; });
    if (mode == "random") std::shuffle(candidates.begin(), candidates.end(), std::mt19937_64{std::random_device{}()});
    // The first ones not yet published everywhere, looked up in the journal a batch at a time (one query
    // each), only as far as needed.
    constexpr std::size_t kBatch = 500;
    const std::size_t wanted = mode == "last" ? static_cast<std::size_t>(max_count) : 1;
    std::vector<const feeds::FeedItem*> chosen;
    for (std::size_t first = 0; first < candidates.size() && chosen.size() < wanted; first += kBatch) {
        const std::size_t end = std::min(first + kBatch, candidates.size());
        std::vector<std::string> keys;
        for (std::size_t i = first; i < end; ++i) keys.push_back(key_of(feed_url, *candidates[i]));
        const std::set<std::string> published = publish::published_everywhere(keys, networks);
        for (std::size_t i = first; i < end && chosen.size() < wanted; ++i) {
            if (published.count(keys[i - first]) == 0) chosen.push_back(candidates[i]);
        }
    }
    std::reverse(chosen.begin(), chosen.end());  // published oldest first, so timelines read in order
    if (chosen.empty()) {
        spdlog::info("nothing new in {} to publish", feed_url);
        return 0;
    }

    int exit_code = 0;
    for (const feeds::FeedItem* chosen_item : chosen) {
        const feeds::FeedItem& item = *chosen_item;
        publish::PublishPlan plan;
        plan.specs = networks;
        plan.post.text = render(text_template, item);
        plan.too_long = too_long;
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
