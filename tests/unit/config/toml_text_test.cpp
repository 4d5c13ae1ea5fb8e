#include "config/toml_text.hpp"

#include <catch2/catch.hpp>

using agoras::host::config::text_with_value;
using agoras::host::config::text_without_key;

namespace {

// `config set`'s change made to the parsed table, then to the text.
std::optional<std::string> set(const std::string& text, const std::vector<std::string>& path, const toml::node& value) {
    const toml::table parsed = toml::parse(text);
    toml::table expected = parsed;
    toml::table* table = &expected;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        if ((*table)[path[i]].as_table() == nullptr) table->insert_or_assign(path[i], toml::table{});
        table = (*table)[path[i]].as_table();
    }
    value.visit([&](const auto& v) { table->insert_or_assign(path.back(), v); });
    return text_with_value(text, parsed, path, value, expected);
}

std::optional<std::string> unset(const std::string& text, const std::vector<std::string>& path) {
    const toml::table parsed = toml::parse(text);
    toml::table expected = parsed;
    toml::table* table = &expected;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) table = (*table)[path[i]].as_table();
    table->erase(path.back());
    return text_without_key(text, parsed, path, expected);
}

const toml::value<std::string> public_visibility{std::string("public")};

}  // namespace

TEST_CASE("config text: a value is replaced where it stands, everything around it kept byte for byte", "[config]") {
    const std::string text =
        "# Team settings, reviewed in PR 12\n"
        "[defaults.mastodon]\n"
        "visibility = \"unlisted\"   # unlisted until launch\n"
        "language = \"en\"\n";
    CHECK(set(text, {"defaults", "mastodon", "visibility"}, public_visibility) ==
          "# Team settings, reviewed in PR 12\n"
          "[defaults.mastodon]\n"
          "visibility = 'public'   # unlisted until launch\n"
          "language = \"en\"\n");
}

TEST_CASE("config text: positions count code points, so keys and comments beyond ASCII do not shift the edit", "[config]") {
    const std::string text = "[groups]\n\"équipe-€\" = [\"threads\"] # 😀 launch\r\nother = []\r\n";
    toml::array targets{"threads", "mastodon:me@example.social"};
    CHECK(set(text, {"groups", "équipe-€"}, targets) ==
          "[groups]\n\"équipe-€\" = [ 'threads', 'mastodon:me@example.social' ] # 😀 launch\r\nother = []\r\n");
}

TEST_CASE("config text: a multi-line list is replaced whole", "[config]") {
    const std::string text = "[groups]\nrelease = [\n  \"threads\",  # first\n  \"bluesky\",\n]\nteam = [\"x\"]\n";
    toml::array targets{"mastodon"};
    CHECK(set(text, {"groups", "release"}, targets) == "[groups]\nrelease = [ 'mastodon' ]\nteam = [\"x\"]\n");
}

TEST_CASE("config text: a new key goes under its table's header, next to its siblings", "[config]") {
    const std::string text = "[defaults.threads]  # Threads\nreply-control = \"everyone\"\n\n# Later\n[groups]\nx = []\n";
    CHECK(set(text, {"defaults", "threads", "topic-tag"}, toml::value<std::string>(std::string("news"))) ==
          "[defaults.threads]  # Threads\ntopic-tag = 'news'\nreply-control = \"everyone\"\n\n# Later\n[groups]\nx = []\n");
}

TEST_CASE("config text: a key whose table does not exist yet gets a new table at the end", "[config]") {
    CHECK(set("", {"defaults", "mastodon", "visibility"}, public_visibility) == "[defaults.mastodon]\nvisibility = 'public'\n");
    CHECK(set("# mine\n[groups]\nx = []", {"defaults", "mastodon", "visibility"}, public_visibility) ==
          "# mine\n[groups]\nx = []\n\n[defaults.mastodon]\nvisibility = 'public'\n");
    // A table that exists only because a deeper header made it: a header of its own at the end is valid.
    CHECK(set("[defaults.threads]\na = \"1\"\n", {"defaults", "mastodon", "visibility"}, public_visibility) ==
          "[defaults.threads]\na = \"1\"\n\n[defaults.mastodon]\nvisibility = 'public'\n");
}

TEST_CASE("config text: in a file of dotted keys, a new key is a dotted key too", "[config]") {
    const std::string text = "# flat\ndefaults.threads.reply-control = \"everyone\"\n";
    CHECK(set(text, {"defaults", "threads", "topic-tag"}, toml::value<std::string>(std::string("a b"))) ==
          "# flat\ndefaults.threads.reply-control = \"everyone\"\ndefaults.threads.topic-tag = 'a b'\n");
    CHECK(set(text, {"groups", "the team"}, toml::array{"x"}) ==
          "# flat\ndefaults.threads.reply-control = \"everyone\"\n\n[groups]\n\"the team\" = [ 'x' ]\n");
}

TEST_CASE("config text: where no edit of the text gives the table, the answer is none (the file is written whole)", "[config]") {
    // Inline tables cannot grow from outside their braces.
    const std::string text = "defaults = { threads = { a = \"1\" } }\n";
    CHECK_FALSE(set(text, {"defaults", "threads", "b"}, public_visibility).has_value());
    CHECK(set(text, {"defaults", "threads", "a"}, public_visibility) == "defaults = { threads = { a = 'public' } }\n");
    CHECK_FALSE(unset("defaults = { threads = { a = \"1\", b = \"2\" } }\n", {"defaults", "threads", "a"}).has_value());
}

TEST_CASE("config text: unset removes the key's own lines and nothing else", "[config]") {
    const std::string text =
        "[defaults.mastodon]\n# the instance's default\nvisibility = \"unlisted\"  # why\nlanguage = \"en\"\n"
        "[groups]\nrelease = [\n  \"a\",\n  \"b\",\n]\nteam = []\n";
    CHECK(unset(text, {"defaults", "mastodon", "visibility"}) ==
          "[defaults.mastodon]\n# the instance's default\nlanguage = \"en\"\n[groups]\nrelease = [\n  \"a\",\n  \"b\",\n]\nteam = []\n");
    CHECK(unset(text, {"groups", "release"}) ==
          "[defaults.mastodon]\n# the instance's default\nvisibility = \"unlisted\"  # why\nlanguage = \"en\"\n[groups]\nteam = []\n");
    // The last key of a table: its header stays, and reads as nothing set.
    CHECK(unset("[defaults.x]\na = \"1\"\n", {"defaults", "x", "a"}) == "[defaults.x]\n");
    // A dotted key's whole line.
    CHECK(unset("[defaults]\nthreads.a = \"1\"\nthreads.b = \"2\"\n", {"defaults", "threads", "a"}) ==
          "[defaults]\nthreads.b = \"2\"\n");
}

TEST_CASE("config text: lines added to a CRLF file end in CRLF like the rest", "[config]") {
    const std::string text = "# mine\r\n[defaults.mastodon]\r\nvisibility = \"public\"\r\n";
    CHECK(set(text, {"defaults", "mastodon", "language"}, toml::value<std::string>("en")) ==
          "# mine\r\n[defaults.mastodon]\r\nlanguage = 'en'\r\nvisibility = \"public\"\r\n");
    CHECK(set(text, {"groups", "team"}, toml::array{"x"}) ==
          "# mine\r\n[defaults.mastodon]\r\nvisibility = \"public\"\r\n\r\n[groups]\r\nteam = [ 'x' ]\r\n");
}
