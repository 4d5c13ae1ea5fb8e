// The OAuth callback's settings are the host's, the same for every platform that authorizes through
// a browser: AGORAS_OAUTH_PORT (strictly a port) and AGORAS_OAUTH_TIMEOUT (the longest wait).
#include "support/process.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using agoras::test::contains;
using agoras::test::ProcessOptions;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

namespace {

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"oauth-settings-it"};
    ProcessOptions env() const { return sandbox.agoras_env((dir.path() / "store").string()); }
    // Every platform's authorize, as a user would start it.
    std::vector<std::vector<std::string>> authorizations() const {
        return {{"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret", SandboxProcess::kAppSecret},
                {"facebook", "authorize", "--client-id", "987654321", "--client-secret", "sandbox-facebook-secret"},
                {"instagram", "authorize", "--client-id", "987654321", "--client-secret", "sandbox-facebook-secret"},
                {"mastodon", "authorize", "--instance", sandbox.url() + "/mastodon"}};
    }
};

}  // namespace

TEST_CASE("AGORAS_OAUTH_PORT that is not a port stops every authorize, even a dry run", "[oauth]") {
    World w;
    auto env = w.env();
    env.set_env["AGORAS_OAUTH_PORT"] = "3456x";
    for (auto args : w.authorizations()) {
        for (const bool dry_run : {false, true}) {
            if (dry_run) args.push_back("--dry-run");
            const auto r = run_agoras(args, env);
            INFO(args[0] << (dry_run ? " --dry-run" : "") << ": " << r.err);
            CHECK(r.exit_code == 2);
            CHECK(contains(r.err, "AGORAS_OAUTH_PORT must be a whole number of 1-65535, not '3456x'"));
        }
    }
}

TEST_CASE("AGORAS_OAUTH_PORT names the redirect URI of every platform's authorize", "[oauth]") {
    World w;
    auto env = w.env();
    env.set_env["AGORAS_OAUTH_PORT"] = "4711";
    for (auto args : w.authorizations()) {
        args.push_back("--dry-run");
        const auto r = run_agoras(args, env);
        INFO(args[0] << ": " << r.out << r.err);
        CHECK(r.exit_code == 0);
        CHECK((contains(r.out, "https%3A%2F%2Flocalhost%3A4711%2Fcallback") ||
               contains(r.out, "http%3A%2F%2F127.0.0.1%3A4711%2Fcallback")));
    }
}

TEST_CASE("AGORAS_OAUTH_TIMEOUT bounds every platform's wait for the browser", "[oauth]") {
    World w;
    auto env = w.env();
    env.set_env["AGORAS_OAUTH_TIMEOUT"] = "1";
    env.set_env["BROWSER"] = "true";  // a browser that opens and never comes back
    for (const auto& args : w.authorizations()) {
        const auto start = std::chrono::steady_clock::now();
        const auto r = run_agoras(args, env);
        const auto took = std::chrono::steady_clock::now() - start;
        INFO(args[0] << ": " << r.err);
        CHECK(r.exit_code == 3);
        CHECK(took < std::chrono::seconds(10));
    }
    // --timeout still wins over the variable, and is checked as strictly.
    auto bad = w.authorizations().front();
    bad.insert(bad.end(), {"--timeout", "0"});
    CHECK(contains(run_agoras(bad, env).err, "--timeout must be 1-3600 seconds"));
}
