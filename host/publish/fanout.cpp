#include "publish/fanout.hpp"

#include "cli/shell_quote.hpp"
#include "clock.hpp"
#include "core/fingerprint.hpp"
#include "output/result_output.hpp"
#include "publish/claims.hpp"
#include "publish/targets.hpp"
#include "publish/thread_split.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <future>
#include <iostream>

namespace agoras::host::publish {
namespace {

struct Outcome {
    std::string status;  // published, already-published, failed, unknown, dry-run, skipped
    std::string id, url, error;
    int exit_code = 0;
    Json would_send;
};

agoras_status check(const Target& target, const sdk::Post& post, std::string& adapted, std::string& error) {
    const sdk::RawPost raw(post);
    return target.entry.plugin->validate(target.run, target.values, *raw.get(), adapted, error);
}

// A reply chain for a text the target refused: each piece checked like a post of its own.
bool plan_thread(Target& target) {
    const auto* caps = target.entry.plugin->info().capabilities_of(target.run.platform);
    if (caps == nullptr || caps->text_limit == 0) return false;
    // The link is part of the text being split, so it lands where it stood: at the end.
    const std::string text = target.post.text + (target.post.link ? " " + *target.post.link : "");
    const auto pieces = split_for_thread(text, caps->text_limit);
    if (pieces.size() < 2) return false;
    std::vector<sdk::Post> chain;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        sdk::Post piece = target.post;
        piece.text = pieces[i];
        piece.link.reset();
        if (i > 0) piece.media.clear();  // pictures go with the first post
        std::string adapted, error;
        if (check(target, piece, adapted, error) != AGORAS_OK) return false;
        chain.push_back(std::move(piece));
    }
    target.chain = std::move(chain);
    return true;
}

bool is_link(const std::string& word) { return word.rfind("https://", 0) == 0 || word.rfind("http://", 0) == 0; }

// The text cut at a word and ended with "…", as long as the target takes it (each length checked by the
// plugin, so every platform's own counting rule holds); links at its end stay whole. False when even one word
// does not fit.
bool plan_truncation(Target& target) {
    std::vector<std::string> words;
    for (std::size_t at = 0; at <= target.post.text.size();) {
        const auto space = std::min(target.post.text.find(' ', at), target.post.text.size());
        if (space > at) words.push_back(target.post.text.substr(at, space - at));
        at = space + 1;
    }
    std::size_t body = words.size();
    while (body > 0 && is_link(words[body - 1])) --body;
    std::string links;
    for (std::size_t i = body; i < words.size(); ++i) links += " " + words[i];
    const auto shortened = [&](std::size_t kept) {
        sdk::Post post = target.post;
        post.text.clear();
        for (std::size_t i = 0; i < kept; ++i) post.text += (i > 0 ? " " : "") + words[i];
        post.text += "\u2026" + links;
        return post;
    };
    // The most words that fit, by bisection: [high] does not fit, and [low] does once it is above 0 (only a
    // length that was checked and fitted becomes low). The caller checks the result again for what it sends.
    std::size_t low = 0, high = body;
    while (high - low > 1) {
        const std::size_t middle = low + (high - low) / 2;
        std::string adapted, error;
        (check(target, shortened(middle), adapted, error) == AGORAS_OK ? low : high) = middle;
    }
    if (low == 0) return false;
    target.post = shortened(low);
    spdlog::info("{}: the text was cut to {} of its {} words to fit", target.spec, low, body);
    return true;
}

Outcome publish_one(const Target& target, const sdk::Post& post, const plugins::ResultSink& checkpoints = {}) {
    Outcome outcome;
    std::vector<std::string> results;
    std::string error;
    bool uncertain = false;
    const sdk::RawPost raw(post);
    const agoras_status status = target.entry.plugin->publish(
        target.run, target.values, *raw.get(), error, [&](const std::string& json) { results.push_back(json); },
        checkpoints, &uncertain);
    if (status != AGORAS_OK) {
        if (error.empty()) error = "publishing failed";  // (redacted by LoadedPlugin)
        // A write went out and no usable answer came: it may have been published. A rerun sends it
        // again only after the plugin has checked (docs/post.md, "Never twice").
        outcome.status = uncertain ? "unknown" : "failed";
        outcome.error = uncertain ? "the outcome is unknown, so it is not sent again until checked (" + error + ")" : error;
        outcome.exit_code = status;
        return outcome;
    }
    outcome.status = "published";
    if (!results.empty()) {
        const Json result = Json::parse(results.front());
        outcome.id = result["id"].text();
        outcome.url = result["url"].text();
    }
    return outcome;
}

// The post, or the reply chain: each piece replies to the one before; the first piece's id and url
// stand for the whole thread.
Outcome publish(const Target& target, const plugins::ResultSink& checkpoints) {
    if (target.chain.empty()) return publish_one(target, target.post, checkpoints);
    Outcome first;
    std::string previous;
    for (std::size_t i = 0; i < target.chain.size(); ++i) {
        sdk::Post piece = target.chain[i];
        if (!previous.empty()) piece.reply_to = previous;
        Outcome outcome = publish_one(target, piece);
        if (i == 0) first = outcome;
        if (outcome.status != "published") {
            if (i > 0) {
                if (outcome.status == "failed") outcome.status = "unknown";  // the thread is partly published
                outcome.id = first.id;
                outcome.url = first.url;
                outcome.error = "post " + std::to_string(i + 1) + " of the thread failed (the first " + std::to_string(i) +
                                " are published): " + outcome.error;
            }
            return outcome;
        }
        previous = outcome.id;
    }
    first.would_send = Json::object().set("thread", static_cast<int>(target.chain.size()));
    return first;
}

void emit(const Target& target, const Outcome& outcome, const PublishPlan& plan) {
    Json line = Json::object();
    for (const auto& [name, value] : plan.extra.members()) line.set(name, value);
    line.set("platform", target.run.platform);
    line.set("account", target.run.account.empty() ? Json() : Json(target.run.account));
    line.set("status", outcome.status);
    line.set("id", outcome.id.empty() ? Json() : Json(outcome.id));
    line.set("url", outcome.url.empty() ? Json() : Json(outcome.url));
    line.set("error", outcome.error.empty() ? Json() : Json(outcome.error));
    line.set("exit_code", outcome.exit_code);
    if (outcome.status == "dry-run") line.set("would_send", outcome.would_send);
    if (outcome.status == "published" && !target.chain.empty()) line.set("thread", static_cast<int>(target.chain.size()));
    if (plan.sink) {
        plan.sink(line);
    } else {
        output::emit_result(line.serialize());
    }
}

// After an interrupted run: asks the platform whether the pending post was published.
Outcome reconcile(const Target& target, const state::JournalEntry& pending) {
    const Outcome unknown{"unknown", "", "",
                          "an earlier run with this key was interrupted while publishing here; it may or may not have "
                          "been published, so it is not sent again (check the account)",
                          AGORAS_ERR_GENERIC, {}};
    if (!target.chain.empty()) return unknown;  // a thread may be partly published
    std::string result, error;
    const sdk::RawPost raw(target.post);
    if (target.entry.plugin->reconcile(target.run, target.values, *raw.get(), pending.checkpoint, result, error) !=
        AGORAS_OK) {
        Outcome outcome = unknown;
        if (!error.empty()) outcome.error += " (" + error + ")";
        return outcome;
    }
    const Json answer = Json::parse(result);
    if (!answer["published"].boolean()) return {"send", "", "", "", 0, {}};
    return {"already-published", answer["id"].text(), answer["url"].text(), "", 0, {}};
}

std::optional<state::JournalEntry> journal_get(const std::string& key, const std::string& target) {
    std::optional<state::JournalEntry> entry;
    services::check(services::state().journal_get(key, target, entry));
    return entry;
}

std::string too_long_policy(const PublishPlan& plan, const std::string& platform) {
    for (const std::string& key : {platform, std::string("*")}) {
        if (const auto it = plan.too_long.find(key); it != plan.too_long.end()) return it->second;
    }
    return plan.thread ? "thread" : "refuse";
}

// Every target checks the post and its credentials first; one refusal and nothing is sent anywhere
// (exit 2 when a post was refused, else the first refusal's code: 3 for missing credentials), unless
// `skip_unfit`: then a target that refuses the post itself (exit 2) is only marked skipped. For a dry run,
// fills `outcomes` with what each target would send.
void check_all(std::vector<Target>& targets, const PublishPlan& plan, std::vector<Outcome>& outcomes) {
    std::string refusals, unfit;
    agoras_status refused = AGORAS_OK;
    std::size_t skipped = 0;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        std::string adapted, error;
        agoras_status status = check(targets[i], targets[i].post, adapted, error);
        const std::string policy = too_long_policy(plan, targets[i].run.platform);
        if (status == AGORAS_ERR_USAGE && policy == "truncate" && plan_truncation(targets[i])) {
            status = check(targets[i], targets[i].post, adapted, error);
        }
        if (status != AGORAS_OK && !(policy == "thread" && plan_thread(targets[i]))) {
            const std::string reason = targets[i].spec + ": " + (error.empty() ? "refused" : error);
            if (plan.skip_unfit && status == AGORAS_ERR_USAGE) {
                outcomes[i] = {"skipped", "", "", error.empty() ? "refused" : error, 0, {}};
                unfit += "\n  " + reason;
                ++skipped;
                continue;
            }
            if (refused == AGORAS_OK || status == AGORAS_ERR_USAGE) refused = status;
            refusals += "\n  " + reason;
        } else if (plan.dry_run) {
            outcomes[i].status = "dry-run";
            if (targets[i].chain.empty()) {
                outcomes[i].would_send = adapted.empty() ? Json::object() : Json::parse(adapted);
            } else {
                Json pieces = Json::array();
                for (const auto& piece : targets[i].chain) pieces.push(piece.text);
                outcomes[i].would_send = Json::object().set("thread", std::move(pieces));
            }
        }
    }
    if (!refusals.empty()) throw StatusError(refused, "nothing was sent: not every target can take this post:" + refusals);
    if (skipped == targets.size()) throw usage_error("nothing was sent: no target can take this post:" + unfit);
}

// What a claim means for its target: an outcome already (published elsewhere, reconciled), or
// "send" (this run publishes), or "wait" (another run is publishing right now).
Outcome settle(const Target& target, const state::Claim& claim, Claims& claims) {
    const state::JournalEntry& row = claim.entry;
    if (!claim.won) {
        if (row.status == "published") return {"already-published", row.remote_id, row.url, "", 0, {}};
        if (row.status == "pending") return {"wait", "", "", "", 0, {}};
        // Waited for another run, which did not publish here.
        return {row.status, "", "",
                "another run with this key " + std::string(row.status == "failed" ? "failed" : "did not finish") +
                    " here: " + row.error,
                AGORAS_ERR_GENERIC, {}};
    }
    if (claim.previous != "pending" && claim.previous != "unknown") return {"send", "", "", "", 0, {}};
    // Its last owner died while publishing, or never got an answer: ask the platform first.
    Outcome outcome = reconcile(target, row);
    if (outcome.status == "already-published") {
        claims.finish(target.spec, "published", outcome.id, outcome.url, "");
    } else if (outcome.status == "unknown") {
        claims.finish(target.spec, "unknown", "", "", outcome.error);
    }
    return outcome;
}

Outcome publish_claimed(const Target& target, Claims& claims) {
    // For someone watching a terminal; `-l warning` (or quieter) silences it like any other information.
    const bool watching = isatty(STDERR_FILENO) != 0 && spdlog::should_log(spdlog::level::info);
    if (watching) std::cerr << "agoras: publishing to " << target.spec << "...\n";
    // The plugin's checkpoints (how far it got) go into the journal as it goes.
    Outcome outcome = publish(target, [&](const std::string& json) { claims.checkpoint(target.spec, json); });
    // Written the moment this target is done, whatever the others are still doing.
    claims.finish(target.spec, outcome.status, outcome.id, outcome.url, outcome.error);
    if (watching) std::cerr << "agoras: " << target.spec << ": " << outcome.status << "\n";
    return outcome;
}

// A target whose platform asked its account to slow down (a 429 to this or another run sharing the
// state store) is not sent to until then.
std::optional<Outcome> rate_limited(const Target& target) {
    std::int64_t until_ms = 0;
    services::check(services::state().backoff_until(target.run.platform, target.run.account, until_ms));
    if (until_ms <= now_unix_ms()) return std::nullopt;
    return Outcome{"failed", "", "",
                   target.run.platform + " asked this account to slow down until " + output::local_iso8601(until_ms / 1000) +
                       " (a run sharing this state store was told so); not sent",
                   AGORAS_ERR_RATE_LIMITED, {}};
}

// Claims every target under the key, publishes those this run won side by side, and meanwhile waits
// for those another run is publishing.
void send_all(const std::vector<Target>& targets, Claims& claims, std::vector<Outcome>& outcomes) {
    std::vector<state::Claim> lost(targets.size());
    std::vector<std::pair<std::size_t, std::future<Outcome>>> running;
    std::vector<std::size_t> waiting;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (outcomes[i].status == "skipped") continue;  // it cannot take this post (--skip-unfit)
        if (const auto held_back = rate_limited(targets[i])) {
            outcomes[i] = *held_back;
            continue;
        }
        const state::Claim claim = claims.claim(targets[i].spec);
        outcomes[i] = settle(targets[i], claim, claims);
        if (outcomes[i].status == "send") {
            running.emplace_back(i, std::async(std::launch::async, [&target = targets[i], &claims] {
                                     return publish_claimed(target, claims);
                                 }));
        } else if (outcomes[i].status == "wait") {
            lost[i] = claim;
            waiting.push_back(i);
        }
    }
    for (const std::size_t i : waiting) {
        const state::Claim claim = claims.wait_for(targets[i].spec, lost[i]);
        outcomes[i] = settle(targets[i], claim, claims);
        if (outcomes[i].status == "send") outcomes[i] = publish_claimed(targets[i], claims);
        if (outcomes[i].status == "wait") {
            outcomes[i] = {"unknown", "", "",
                           "another run is still publishing here under this key; not sent (see agoras journal show '" +
                               claims.key() + "')",
                           AGORAS_ERR_GENERIC, {}};
        }
    }
    for (auto& [i, result] : running) outcomes[i] = result.get();
}

// Refuses a key that was first used for another post: reporting that post as this one's would be a lie.
void bind_key(const PublishPlan& plan) {
    std::optional<std::int64_t> first_used;
    services::check(services::state().bind_key(*plan.key, content_fingerprint(plan), first_used));
    if (first_used) {
        throw usage_error("the idempotency key '" + *plan.key + "' was used on " + output::local_iso8601(*first_used) +
                          " for another post (its text, link, media or targets differ); nothing was sent");
    }
}

void print_retry_hint(const PublishPlan& plan, const std::string& key) {
    std::string command;
    for (const auto& word : plan.command) command += (command.empty() ? "" : " ") + cli::shell_quoted(word);
    spdlog::error("not every target was published; this run was journaled under key '{}'. To retry only the targets "
                  "not published: {} --idempotency-key {}",
                  key, command, key);
}

}  // namespace

std::string content_fingerprint(const PublishPlan& plan) {
    std::vector<std::string> specs = plan.specs;
    std::sort(specs.begin(), specs.end());
    Json media = Json::array();
    for (const auto& item : plan.post.media) {
        media.push(Json::object().set("kind", static_cast<int>(item.kind)).set("source", item.source).set("alt", item.alt_text));
    }
    Json texts = Json::array();
    for (const auto& [platform, text] : plan.texts_for) texts.push(Json::array().push(platform).push(text));
    const Json post = Json::object()
                          .set("targets", Json::array_of(specs))
                          .set("text", plan.post.text)
                          .set("link", plan.post.link ? Json(*plan.post.link) : Json())
                          .set("media", std::move(media))
                          .set("text_for", std::move(texts))
                          .set("thread", plan.thread);
    return core::fingerprint(post.serialize());
}

int exit_code_of(const std::vector<int>& codes) {
    int failed = 0, first_failure = 0;
    for (const int code : codes) {
        if (code != 0 && failed++ == 0) first_failure = code;
    }
    if (failed == 0) return 0;
    return failed == static_cast<int>(codes.size()) ? first_failure : kPartialFailure;
}

bool published_everywhere(const std::string& key, const std::vector<std::string>& specs) {
    for (const auto& spec : specs) {
        const auto done = journal_get(key, spec);
        if (!done || done->status != "published") return false;
    }
    return true;
}

std::set<std::string> published_everywhere(const std::vector<std::string>& keys, const std::vector<std::string>& specs) {
    std::set<std::string> published;
    services::check(services::state().journal_published(keys, specs, published));
    return published;
}

int publish_to_targets(plugins::PluginRegistry& registry, const PublishPlan& plan) {
    std::vector<Target> targets = resolve_targets(registry, plan.specs, plan.post, plan.texts_for, plan.dry_run);
    std::vector<Outcome> outcomes(targets.size());
    check_all(targets, plan, outcomes);
    std::optional<Claims> claims;
    if (!plan.dry_run) {
        if (plan.cancelled != nullptr && *plan.cancelled) throw StatusError(AGORAS_ERR_GENERIC, "cancelled; nothing was sent");
        if (plan.key && plan.key_names_post) bind_key(plan);
        claims.emplace(plan.key ? *plan.key : new_run_key());
        send_all(targets, *claims, outcomes);
    }

    std::vector<int> codes;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        // A CI log that keeps only stderr says why a target failed, not just that the run did.
        if (outcomes[i].status == "skipped") {
            spdlog::warn("{}: skipped, it cannot take this post: {}", targets[i].spec, outcomes[i].error);
        } else if (!outcomes[i].error.empty()) {
            spdlog::error("{}: {}", targets[i].spec, outcomes[i].error);
        }
        emit(targets[i], outcomes[i], plan);
        if (plan.results != nullptr) plan.results->push_back({targets[i].spec, outcomes[i].status, outcomes[i].error});
        codes.push_back(outcomes[i].exit_code);
    }
    const int code = exit_code_of(codes);
    if (code != 0 && !plan.key && !plan.command.empty()) print_retry_hint(plan, claims->key());
    // Published, but not recorded: the next run would have to reconcile it.
    if (code == 0 && claims && claims->store_failed()) return AGORAS_ERR_STORAGE;
    return code;
}

}  // namespace agoras::host::publish
