// The test suite's plugin: a small "fixture" platform built with the SDK layer, compiled several
// times with different definitions to play a good plugin, a plugin of another ABI and one whose
// init fails. Its actions exercise every path from declaration to a JSON line on stdout.
#include <agoras/plugin.hpp>

#include <stdexcept>

#ifndef FIXTURE_ID
#define FIXTURE_ID "fixture"
#endif
#ifndef FIXTURE_ABI_MAJOR
#define FIXTURE_ABI_MAJOR AGORAS_ABI_MAJOR
#endif
#ifndef FIXTURE_ABI_MINOR
#define FIXTURE_ABI_MINOR AGORAS_ABI_MINOR
#endif

namespace {
using namespace agoras::sdk;

class FixturePlugin : public Plugin {
public:
    explicit FixturePlugin(const Host& host) : Plugin(host) {
#ifdef FIXTURE_INIT_FAILS
        throw std::runtime_error("fixture refuses to start");
#endif
    }

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
        } else if (action == "throw") {
            throw std::logic_error("fixture threw a std::logic_error");
        } else if (action == "bad-result") {
            host().emit_json("this is not json");
        }
    }
};

PluginSpec fixture_spec() {
    return PluginSpec(FIXTURE_ID, "Fixture", "1.2.3", "a plugin for the agoras test suite")
        .claim_abi(FIXTURE_ABI_MAJOR, FIXTURE_ABI_MINOR)
        .platform(
            Platform("fixture", "A platform that exists only in the test suite")
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
                .action(Action("bad-result", "Emit a result that is not JSON")));
}

}  // namespace

AGORAS_PLUGIN(fixture_spec, FixturePlugin)
