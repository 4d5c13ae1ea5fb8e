// The real binary over https end to end: a Mastodon post to the sandbox behind a TLS front, the certificate
// trusted only through SSL_CERT_FILE, directly and through a real SOCKS5 proxy (microsocks).
#include "support/microsocks.hpp"
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"
#include "support/tls_front.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

using agoras::test::contains;
using agoras::test::result_of;
using agoras::test::run_agoras;

namespace {

struct World {
    agoras::test::SandboxProcess sandbox;
    agoras::test::TempDir dir{"https-it"};

    int sandbox_port() const { return std::stoi(sandbox.url().substr(sandbox.url().rfind(':') + 1)); }

    // A Mastodon post with a personal token from the environment, to `instance`, trusting `ca_file` only.
    agoras::test::ProcessOptions env(const std::string& instance, const std::string& ca_file) const {
        auto options = sandbox.agoras_env((dir.path() / "store").string());
        options.set_env["MASTODON_INSTANCE"] = instance;
        options.set_env["MASTODON_ACCESS_TOKEN"] = "sandbox-mastodon-personal-token-0123456789";
        options.set_env["SSL_CERT_FILE"] = ca_file;
        options.set_env["SSL_CERT_DIR"] = (dir.path() / "no-certificates").string();
        for (const char* name : {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"}) {
            options.unset_env.push_back(name);
        }
        return options;
    }
    int statuses() const { return static_cast<int>(agoras::Json::parse(sandbox.get("mastodon/state"))["statuses"].size()); }
};

}  // namespace

TEST_CASE("https: a post over TLS end to end, to a certificate trusted through SSL_CERT_FILE and no other", "[https]") {
    World w;
    w.sandbox.control("mastodon/faults", "personal_token=true");
    agoras::test::TlsFront front(w.dir.path(), "IP:127.0.0.1", w.sandbox_port());
    const std::string instance = "https://127.0.0.1:" + std::to_string(front.port()) + "/mastodon";
    const auto posted = result_of(run_agoras({"mastodon", "post", "--text", "over TLS"}, w.env(instance, front.ca_file())));
    CHECK_FALSE(posted["id"].text().empty());
    CHECK(front.handshakes() >= 1);
    CHECK(w.statuses() == 1);

    // Another certificate to trust: the front's is refused before anything is sent.
    agoras::test::TempDir other("https-other");
    agoras::test::TlsFront stranger(other.path(), "IP:127.0.0.1", w.sandbox_port());
    const auto refused = run_agoras({"mastodon", "post", "--text", "not trusted"}, w.env(instance, stranger.ca_file()));
    CHECK(refused.exit_code == 6);
    CHECK(contains(refused.err, "is not trusted"));
    CHECK(w.statuses() == 1);
}

TEST_CASE("https: a post through microsocks with socks5h:// and a login, and a wrong password is a network error", "[https][proxy]") {
    World w;
    w.sandbox.control("mastodon/faults", "personal_token=true");
    // 0.0.0.0 is not loopback to agoras, so the proxy is used; Linux connects microsocks to it locally.
    agoras::test::TlsFront front(w.dir.path(), "IP:0.0.0.0", w.sandbox_port());
    agoras::test::Microsocks proxy("agoras", "tunnel-pass");
    const std::string instance = "https://0.0.0.0:" + std::to_string(front.port()) + "/mastodon";
    auto env = w.env(instance, front.ca_file());
    env.set_env["all_proxy"] = "socks5h://agoras:tunnel-pass@127.0.0.1:" + std::to_string(proxy.port());
    const auto posted = result_of(run_agoras({"mastodon", "post", "--text", "through the tunnel"}, env));
    CHECK_FALSE(posted["id"].text().empty());
    CHECK(w.statuses() == 1);

    env.set_env["all_proxy"] = "socks5h://agoras:wrong@127.0.0.1:" + std::to_string(proxy.port());
    const auto refused = run_agoras({"mastodon", "post", "--text", "wrong password"}, env);
    CHECK(refused.exit_code == 6);
    CHECK(contains(refused.err, "refused the user name and password"));
    CHECK_FALSE(contains(refused.err, "wrong"));  // the password is not repeated
    CHECK(w.statuses() == 1);
}
