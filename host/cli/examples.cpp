#include "cli/examples.hpp"

#include <map>

namespace agoras::host::cli {
namespace {

const std::map<std::string, std::vector<std::string>>& table() {
    static const std::map<std::string, std::vector<std::string>> examples = {
        {"post",
         {"agoras post --to threads,bluesky --text \"Release 2.0 is out\" --link https://example.com/2.0",
          "git log -1 --format=%B | agoras post --to @release --text - --idempotency-key \"$GITHUB_SHA\"",
          "agoras post --to mastodon,instagram --text \"Hello\" --image photo.jpg --alt-text \"A sunset\" --skip-unfit",
          "agoras post --to bluesky --text-file notes.txt --thread --dry-run"}},
        {"auth",
         {"agoras auth status --check", "agoras auth switch --platform mastodon --account work@example.social",
          "agoras auth logout --platform threads"}},
        {"config",
         {"agoras config set groups.release threads,bluesky,mastodon", "agoras config set defaults.mastodon.visibility unlisted",
          "agoras config list --json"}},
        {"utils feed-publish",
         {"agoras utils feed-publish --network threads,bluesky --mode last --feed-url https://example.com/feed.xml",
          "agoras utils feed-publish --network bluesky --mode last --feed-url https://example.com/feed.xml "
          "--template 'New: {title} {link}' --too-long truncate"}},
        {"utils schedule-run", {"agoras utils schedule-run --network mastodon --schedule-file posts.csv --max-count 3"}},
        {"journal", {"agoras journal list", "agoras journal show run-20261206-1200-ab12"}},
        {"plugins", {"agoras plugins list", "agoras --jq 'select(.status != \"loaded\")' plugins list"}},
        {"mcp", {"agoras mcp --allow-publish"}},
    };
    return examples;
}

// A value to show for an option in an example.
std::string sample_value(const plugins::OptionInfo& option) {
    if (!option.choices.empty()) return option.choices.front();
    if (option.name == "text") return "\"Hello from agoras\"";
    if (option.name == "link" || option.name.find("url") != std::string::npos) return "https://example.com/page";
    if (option.name == "image") return "photo.jpg";
    if (option.name == "alt-text") return "\"What the picture shows\"";
    if (option.name == "video") return "clip.mp4";
    if (option.type == AGORAS_OPTION_INTEGER) return option.default_value.value_or("1");
    std::string placeholder;
    for (char c : option.name) placeholder += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return placeholder;
}

}  // namespace

const std::vector<std::string>& command_examples(const std::string& command) {
    static const std::vector<std::string> none;
    const auto found = table().find(command);
    return found == table().end() ? none : found->second;
}

std::vector<std::string> all_command_examples() {
    std::vector<std::string> all;
    for (const char* command : {"post", "auth", "config", "utils feed-publish", "utils schedule-run", "journal", "plugins", "mcp"}) {
        for (const auto& example : command_examples(command)) all.push_back(example);
    }
    return all;
}

std::vector<std::string> action_examples(const plugins::PlatformInfo& platform, const plugins::ActionInfo& action) {
    std::string line = "agoras " + platform.name + " " + action.name;
    // Secrets are left out: an example should not teach putting a token on the command line.
    for (const auto& option : action.options) {
        if ((option.required && !option.secret && !option.env_var) || option.name == "text") {
            line += " --" + option.name + " " + sample_value(option);
        }
    }
    std::vector<std::string> out = {line};
    if (action.find_option("image") != nullptr && action.find_option("alt-text") != nullptr) {
        out.push_back(line + " --image photo.jpg --alt-text \"What the picture shows\"");
    }
    if (action.find_option("dry-run") != nullptr) out.push_back(line + " --dry-run");
    return out;
}

void print_examples(std::ostream& out, const std::vector<std::string>& examples) {
    if (examples.empty()) return;
    out << "\nExamples:\n";
    for (const auto& example : examples) out << "  $ " << example << "\n";
}

}  // namespace agoras::host::cli
