#include "publish/fanout.hpp"

#include "output/result_output.hpp"
#include "publish/targets.hpp"
#include "publish/thread_split.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <future>
#include <iostream>

namespace agoras::host::publish {
namespace {

struct Outcome {
    std::string status;  // published, already-published, failed, unknown, dry-run
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

Outcome publish_one(const Target& target, const sdk::Post& post, const plugins::ResultSink& checkpoints = {}) {
    Outcome outcome;
    std::vector<std::string> results;
    std::string error;
    const sdk::RawPost raw(post);
    const agoras_status status = target.entry.plugin->publish(
        target.run, target.values, *raw.get(), error, [&](const std::string& json) { results.push_back(json); },
        checkpoints);
    if (status != AGORAS_OK) {
        outcome.status = "failed";
        outcome.error = error.empty() ? "publishing failed" : error;  // redacted by LoadedPlugin
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

void emit(const Target& target, const Outcome& outcome, const Json& extra) {
    Json line = Json::object();
    for (const auto& [name, value] : extra.members()) line.set(name, value);
    line.set("platform", target.run.platform);
    line.set("account", target.run.account.empty() ? Json() : Json(target.run.account));
    line.set("status", outcome.status);
    line.set("id", outcome.id.empty() ? Json() : Json(outcome.id));
    line.set("url", outcome.url.empty() ? Json() : Json(outcome.url));
    line.set("error", outcome.error.empty() ? Json() : Json(outcome.error));
    line.set("exit_code", outcome.exit_code);
    if (outcome.status == "dry-run") line.set("would_send", outcome.would_send);
    if (outcome.status == "published" && !target.chain.empty()) line.set("thread", static_cast<int>(target.chain.size()));
    output::emit_result(line.serialize());
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

void journal_put(const std::string& key, const std::string& target, const Outcome& outcome,
                 const std::string& checkpoint = "{}") {
    const bool published = outcome.status == "published" || outcome.status == "already-published";
    services::check(services::state().journal_put(
        {key, target, published ? "published" : outcome.status == "pending" ? "pending" : "failed", outcome.id,
         outcome.url, outcome.error, 0, checkpoint}));
}

// Every target checks the post and its credentials first; one refusal and nothing is sent anywhere
// (exit 2 when a post was refused, else the first refusal's code: 3 for missing credentials). For a
// dry run, fills `outcomes` with what each target would send.
void check_all(std::vector<Target>& targets, bool thread, bool dry_run, std::vector<Outcome>& outcomes) {
    std::string refusals;
    agoras_status refused = AGORAS_OK;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        std::string adapted, error;
        const agoras_status status = check(targets[i], targets[i].post, adapted, error);
        if (status != AGORAS_OK && !(thread && plan_thread(targets[i]))) {
            if (refused == AGORAS_OK || status == AGORAS_ERR_USAGE) refused = status;
            refusals += "\n  " + targets[i].spec + ": " + (error.empty() ? "refused" : error);
        } else if (dry_run) {
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
}

// The targets to send to: those not done under the key. An interrupted one is reconciled with the
// platform rather than re-sent blindly.
std::vector<std::size_t> still_to_send(const std::vector<Target>& targets, const std::optional<std::string>& key,
                                       std::vector<Outcome>& outcomes) {
    std::vector<std::size_t> to_send;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto done = key ? journal_get(*key, targets[i].spec) : std::nullopt;
        if (done && done->status == "published") {
            outcomes[i] = {"already-published", done->remote_id, done->url, "", 0, {}};
        } else if (done && done->status == "pending") {
            outcomes[i] = reconcile(targets[i], *done);
            if (outcomes[i].status == "send") {
                to_send.push_back(i);
            } else if (outcomes[i].status == "already-published") {
                journal_put(*key, targets[i].spec, outcomes[i]);
            }
        } else {
            to_send.push_back(i);
        }
    }
    return to_send;
}

// Publishes to `to_send` side by side, journaling each target as it goes.
void send_all(const std::vector<Target>& targets, const std::vector<std::size_t>& to_send,
              const std::optional<std::string>& key, std::vector<Outcome>& outcomes) {
    for (const auto i : to_send) {
        if (key) journal_put(*key, targets[i].spec, {"pending", "", "", "", 0, {}});
    }
    const bool watching = isatty(STDERR_FILENO) != 0;
    std::vector<std::future<Outcome>> running;
    for (const auto i : to_send) {
        if (watching) std::cerr << "agoras: publishing to " << targets[i].spec << "...\n";
        // The plugin's checkpoints (how far it got) go into the journal as it goes.
        plugins::ResultSink checkpoints;
        if (key) {
            checkpoints = [key = *key, spec = targets[i].spec](const std::string& json) {
                journal_put(key, spec, {"pending", "", "", "", 0, {}}, json);
            };
        }
        running.push_back(std::async(std::launch::async, [&target = targets[i], checkpoints] {
            return publish(target, checkpoints);
        }));
    }
    for (std::size_t n = 0; n < to_send.size(); ++n) {
        const std::size_t i = to_send[n];
        outcomes[i] = running[n].get();
        if (key) journal_put(*key, targets[i].spec, outcomes[i]);
        if (watching) std::cerr << "agoras: " << targets[i].spec << ": " << outcomes[i].status << "\n";
    }
}

}  // namespace

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

int publish_to_targets(plugins::PluginRegistry& registry, const PublishPlan& plan) {
    std::vector<Target> targets = resolve_targets(registry, plan.specs, plan.post, plan.texts_for, plan.dry_run);
    std::vector<Outcome> outcomes(targets.size());
    check_all(targets, plan.thread, plan.dry_run, outcomes);
    if (!plan.dry_run) send_all(targets, still_to_send(targets, plan.key, outcomes), plan.key, outcomes);

    std::vector<int> codes;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        // A CI log that keeps only stderr says why a target failed, not just that the run did.
        if (!outcomes[i].error.empty()) spdlog::error("{}: {}", targets[i].spec, outcomes[i].error);
        emit(targets[i], outcomes[i], plan.extra);
        if (plan.results != nullptr) plan.results->push_back({targets[i].spec, outcomes[i].status, outcomes[i].error});
        codes.push_back(outcomes[i].exit_code);
    }
    return exit_code_of(codes);
}

}  // namespace agoras::host::publish
