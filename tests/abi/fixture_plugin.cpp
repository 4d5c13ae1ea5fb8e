// The test suite's plugin: a small "fixture" platform built with the SDK layer, compiled several
// times with different definitions to play a good plugin, a plugin of another ABI and one whose
// init fails. Its actions exercise every path from declaration to a JSON line on stdout.
#include <agoras/plugin.hpp>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <stdexcept>

#ifndef FIXTURE_ID
#define FIXTURE_ID "fixture"
#endif
#ifndef FIXTURE_PLATFORM
#define FIXTURE_PLATFORM "fixture"
#endif
#ifndef FIXTURE_TEXT_LIMIT
#define FIXTURE_TEXT_LIMIT 50
#endif
#ifndef FIXTURE_ABI_MAJOR
#define FIXTURE_ABI_MAJOR AGORAS_ABI_MAJOR
#endif
#ifndef FIXTURE_ABI_MINOR
#define FIXTURE_ABI_MINOR AGORAS_ABI_MINOR
#endif

namespace {
using namespace agoras::sdk;

#ifdef FIXTURE_HANG_AT_LOAD
// A plugin whose static initialisation never returns (waiting on a lock nobody releases, say).
__attribute__((constructor)) void hang_at_load() {
    for (;;) pause();
}
#endif

#ifdef FIXTURE_CRASH_AT_LOAD
// A plugin whose static initialisation crashes, as one with a broken global constructor would.
__attribute__((constructor)) void crash_at_load() { std::raise(SIGSEGV); }
#endif

class FixturePlugin : public Plugin {
public:
    explicit FixturePlugin(const Host& host) : Plugin(host) {
#ifdef FIXTURE_INIT_FAILS
        throw std::runtime_error("fixture refuses to start");
#endif
    }

#if AGORAS_ABI_MINOR >= 1
    // Typed posts: text up to FIXTURE_TEXT_LIMIT code points, images only. Publishing takes
    // FIXTURE_PUBLISH_DELAY_MS, fails when FIXTURE_FAIL_PLATFORM names this platform, and counts
    // itself in the vault (record "publishes"), so tests can see what was really sent.
    agoras::Json validate_post(const Invocation& call, const Post& post) override {
        std::size_t length = 0;
        for (unsigned char c : post.text) length += (c & 0xC0) != 0x80;
        if (length > FIXTURE_TEXT_LIMIT) {
            throw Error(AGORAS_ERR_USAGE, "the text is " + std::to_string(length) + " characters; " + call.platform() +
                                              " takes " + std::to_string(FIXTURE_TEXT_LIMIT));
        }
        for (const auto& media : post.media) {
            if (media.kind != AGORAS_MEDIA_IMAGE) throw Error(AGORAS_ERR_USAGE, call.platform() + " takes no video");
        }
        return agoras::Json::object().set("text", post.text).set("images", static_cast<int>(post.media.size()));
    }
    // Recurses until the stack is gone (each frame keeps a buffer the compiler cannot drop).
    static std::uint64_t overflow(std::uint64_t depth) {
        if (depth == 0) return 0;  // never: it only keeps compilers from calling the recursion infinite
        volatile char frame[512];
        frame[depth % sizeof frame] = static_cast<char>(depth);
        return overflow(depth + 1) + static_cast<std::uint64_t>(frame[(depth * 7) % sizeof frame]);
    }
    // Publishing is counting; then the checkpoint, then FIXTURE_PUBLISH_DELAY_MS before the answer
    // (a run killed then has published without knowing it).
    void publish_post(const Invocation& call, const Post& post) override {
        validate_post(call, post);
        if (std::getenv("FIXTURE_STACK_OVERFLOW") != nullptr) overflow(1);
        const char* fail = std::getenv("FIXTURE_FAIL_PLATFORM");
        if (fail != nullptr && call.platform() == fail) throw Error(AGORAS_ERR_REMOTE, "the fixture refused the post");
        std::int64_t count = 0;
        call.host().vault_update("publishes", [&](const std::optional<std::string>& current) {
            if (current) count = agoras::Json::parse(*current)["count"].integer();
            ++count;
            return std::optional<std::string>(agoras::Json::object().set("count", count).serialize());
        });
        // The account the run posts as: the vault's default, which is the one `post --to P:ACCOUNT` names.
        const std::string account = call.host().vault_default();
        const std::string id = call.platform() + "-" + (account.empty() ? "default" : account) + "-" + std::to_string(count);
        call.host().checkpoint(agoras::Json::object().set("id", id));
        const char* delay = std::getenv("FIXTURE_PUBLISH_DELAY_MS");
        if (delay != nullptr) call.host().sleep_ms(static_cast<uint32_t>(std::stoul(delay)));
        call.host().emit(agoras::Json::object().set("id", id).set("url", "https://example.com/" + id));
    }
#ifndef FIXTURE_NO_RECONCILE
    agoras::Json reconcile_post(const Invocation&, const Post&, const agoras::Json& checkpoint) override {
        if (!checkpoint.has("id")) return agoras::Json::object().set("published", false);
        const std::string id = checkpoint["id"].text();
        return agoras::Json::object().set("published", true).set("id", id).set("url", "https://example.com/" + id);
    }
#endif
#endif

    void run(const Invocation& call) override {
        const std::string action = call.action();
        if (action == "echo") {
            agoras::JsonObject result;
            result.add("text", call.require("text"));
            if (auto count = call.get("count")) result.add("count", static_cast<std::int64_t>(std::stoll(*count)));
            result.add("shout", call.flag("shout"));
            result.add("has_token", call.get("token").has_value());
            host().emit(result);
        } else if (action == "log-secret") {
            const std::string token = call.require("token");
            host().debug("debug line with token " + token);
            host().info("info line with token " + token);
            host().warn("warning line with token " + token);
            host().error("error line with token " + token + " and runtime secret s3cr3t-from-server");
            host().register_secret("s3cr3t-from-server");
            host().warn("after registering: s3cr3t-from-server");
            host().emit(agoras::JsonObject().add("logged", true));
        } else if (action == "fail") {
            const auto status = static_cast<agoras_status>(std::stoi(call.require("status")));
            throw Error(status, "fixture failed on purpose with status " + std::to_string(status));
        } else if (action == "crash") {
            std::raise(SIGSEGV);  // what a wild pointer ends in (a real null store would trip UBSan first)
        } else if (action == "abort") {
            std::abort();
#if AGORAS_ABI_MINOR >= 1
        } else if (action == "oauth-oob") {
            OAuthRequest oauth;
            oauth.authorize_url = "https://auth.example.com/oauth/authorize?client_id=fixture";
            oauth.redirect = AGORAS_OAUTH_OUT_OF_BAND;
            oauth.pkce = true;
            const OAuthResult grant = call.host().oauth(oauth);
            call.host().emit(agoras::Json::object()
                                 .set("code", grant.code())
                                 .set("redirect_uri", grant.redirect_uri())
                                 .set("verifier_length", static_cast<int>(grant.code_verifier().size())));
        } else if (action == "fail-long") {
            throw Error(AGORAS_ERR_REMOTE, "start " + std::string(5000, 'x') + " end");
        } else if (action == "slow-echo") {
            // Results and the vault through the run's own services, with time for other runs to overlap.
            const std::string text = call.require("text");
            call.host().vault_put("shared-name", agoras::JsonObject().add("written_by", text).str());
            call.host().sleep_ms(static_cast<uint32_t>(std::stoul(call.get_or("delay-ms", "0"))));
            const auto stored = call.host().vault_get("shared-name");
            call.host().emit(agoras::Json::object().set("text", text).set("stored", stored ? *stored : ""));
        } else if (action == "echo-list") {
            host().emit(agoras::Json::object()
                            .set("text", call.get_or("text", ""))
                            .set("images", agoras::Json::array_of(call.get_all("image")))
                            .set("alt_texts", agoras::Json::array_of(call.get_all("alt-text"))));
#endif
        } else if (action == "process-state") {
            rlimit core{};
            getrlimit(RLIMIT_CORE, &core);
            host().emit(agoras::JsonObject()
                            .add("dumpable", static_cast<std::int64_t>(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)))
                            .add("core_limit", static_cast<std::int64_t>(core.rlim_cur)));
        } else if (action == "throw") {
            throw std::logic_error("fixture threw a std::logic_error");
        } else if (action == "bad-result") {
            host().emit_json("this is not json");
        } else if (action == "vault-put") {
            host().vault_put(call.require("identifier"),
                             agoras::JsonObject().add(call.require("field"), call.require("value")).str());
            host().emit(agoras::JsonObject().add("stored", true));
        } else if (action == "vault-get") {
            const auto fields = host().vault_get(call.require("identifier"));
            host().emit_json(fields ? "{\"found\":true,\"fields\":" + *fields + "}" : "{\"found\":false}");
        } else if (action == "vault-increment") {
            // A locked read-modify-write, slowed down so that parallel runs overlap.
            const auto delay = static_cast<uint32_t>(std::stoul(call.get_or("delay-ms", "0")));
            std::int64_t value = 0;
            host().vault_update(call.require("identifier"), [&](const std::optional<std::string>& current) {
                if (current) {
                    const auto at = current->find("\"count\":");
                    if (at != std::string::npos) value = std::stoll(current->substr(at + 8));
                }
                host().sleep_ms(delay);
                ++value;
                return std::optional<std::string>(agoras::JsonObject().add("count", value).str());
            });
            host().emit(agoras::JsonObject().add("count", value));
        } else if (action == "vault-list") {
            host().emit_json("{\"identifiers\":" + host().vault_list() + "}");
        }
    }
};

PluginSpec fixture_spec() {
    return PluginSpec(FIXTURE_ID, "Fixture", "1.2.3", "a plugin for the agoras test suite")
        .claim_abi(FIXTURE_ABI_MAJOR, FIXTURE_ABI_MINOR)
#ifdef AGORAS_HAS_SECRET_FIELDS
        // "session_cookie" is secret only because the plugin says so (no substring rule matches it).
        .credentials(FIXTURE_PLATFORM, "Fixture", {{"refresh_token", "FIXTURE_REFRESH_TOKEN"}, {"token", "FIXTURE_TOKEN"}},
                     {"refresh_token", "token", "session_cookie"})
#endif
#if AGORAS_ABI_MINOR >= 1
        .publishes(Capabilities(FIXTURE_PLATFORM)
                       .text(FIXTURE_TEXT_LIMIT, AGORAS_COUNT_CODE_POINTS)
                       .max_media(4)
                       .media(MediaLimits(AGORAS_MEDIA_IMAGE).mime_types({"image/png"}).per_post(4)))
#endif
        .platform(
            Platform(FIXTURE_PLATFORM, "A platform that exists only in the test suite")
                .action(Action("echo", "Print the options back as JSON")
                            .option(Option::string("text").required().help("text to echo"))
                            .option(Option::integer("count").help("a number").env("FIXTURE_COUNT"))
                            .option(Option::flag("shout").help("a flag"))
                            .option(Option::string("token").secret().env("FIXTURE_TOKEN").help("a secret")))
                .action(Action("log-secret", "Log a secret at every level")
                            .option(Option::string("token").secret().required().help("a secret")))
                .action(Action("fail", "End with the given status")
                            .option(Option::integer("status").default_value("5").help("status to return")))
                .action(Action("throw", "Throw a C++ exception"))
                .action(Action("crash", "Die of SIGSEGV"))
                .action(Action("abort", "Call std::abort()"))
                .action(Action("process-state", "Report whether the process may dump core"))
#if AGORAS_ABI_MINOR >= 1
                .action(Action("oauth-oob", "Run an out-of-band OAuth step with PKCE (ABI 1.1)"))
                .action(Action("fail-long", "Fail with a 5000-character message (ABI 1.1)"))
                .action(Action("slow-echo", "Store, wait, read back and print (ABI 1.1)")
                            .option(Option::string("text").required().help("text"))
                            .option(Option::integer("delay-ms").help("how long to wait")))
                .action(Action("echo-list", "Print list and text options back (ABI 1.1)")
                            .option(Option::string("text").text().help("text"))
                            .option(Option::list("image").numbered(4).help("an image"))
                            .option(Option::list("alt-text").numbered(4).help("its alt text")))
#endif
                .action(Action("bad-result", "Emit a result that is not JSON"))
                .action(Action("vault-put", "Store one field in the vault")
                            .option(Option::string("identifier").required().help("record"))
                            .option(Option::string("field").required().help("field name"))
                            .option(Option::string("value").required().help("field value")))
                .action(Action("vault-get", "Print a vault record")
                            .option(Option::string("identifier").required().help("record")))
                .action(Action("vault-increment", "Increment a counter under the vault lock")
                            .option(Option::string("identifier").required().help("record"))
                            .option(Option::integer("delay-ms").help("time spent holding the lock")))
                .action(Action("vault-list", "List the platform's vault identifiers")));
}

}  // namespace

AGORAS_PLUGIN(fixture_spec, FixturePlugin)
