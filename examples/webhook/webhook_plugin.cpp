// agoras webhook: post a message to any incoming-webhook URL (Slack, Mattermost, Discord, ntfy, a CI
// bot) with a JSON or plain-text template. Webhook URLs are secrets: they can be kept in the agoras
// vault under a name and never show up in logs.
//
// This file is the example of docs/plugin-authoring.md: it uses only the installed SDK headers. Its
// `post` action runs through the typed-post interface (agoras.publish/1), so `agoras post --to
// webhook` publishes through the very same code.
#include <agoras/json.hpp>
#include <agoras/plugin.hpp>

#include <string>

namespace {
using namespace agoras::sdk;

constexpr const char* kDefaultTemplate = R"({"text":"{{text}}"})";

// Replaces every {{name}} in `tpl`: {{text}} with the text escaped for a JSON string, {{text_raw}} as is.
std::string render(const std::string& tpl, const std::string& text) {
    std::string escaped = agoras::json_quote(text);
    escaped = escaped.substr(1, escaped.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < tpl.size();) {
        if (tpl.compare(i, 8, "{{text}}") == 0) {
            out += escaped;
            i += 8;
        } else if (tpl.compare(i, 12, "{{text_raw}}") == 0) {
            out += text;
            i += 12;
        } else {
            out += tpl[i++];
        }
    }
    return out;
}

class WebhookPlugin : public Plugin {
public:
    using Plugin::Plugin;

    void run(const Invocation& call) override {
        const std::string action = call.action();
        if (action == "post") {
            Post post;
            post.text = call.require("text");
            publish_post(call, post);
        } else if (action == "save") {
            save(call);
        } else if (action == "forget") {
            forget(call);
        } else if (action == "list") {
            call.host().emit(agoras::Json::object().set("names", agoras::Json::parse(call.host().vault_list())));
        }
    }

    // A webhook takes text of any length, and no media.
    agoras::Json validate_post(const Invocation& call, const Post& post) override {
        if (post.text.empty() && !post.link) throw Error(AGORAS_ERR_USAGE, "webhook: nothing to send (no text)");
        if (!post.media.empty()) throw Error(AGORAS_ERR_USAGE, "webhook: media cannot be sent, only text");
        const std::string text = message_of(post);
        return agoras::Json::object()
            .set("body", render(call.get_or("template", kDefaultTemplate), text))
            .set("content_type", call.get_or("content-type", "application/json"));
    }

    void publish_post(const Invocation& call, const Post& post) override {
        validate_post(call, post);
        const Host& host = call.host();
        std::string url = call.get_or("url", "");
        std::string tpl = call.get_or("template", "");
        const std::string name = call.get_or("name", "default");
        if (url.empty()) {
            const auto record = host.vault_get(name);
            if (!record) {
                throw Error(AGORAS_ERR_USAGE, "no --url given and no webhook saved as '" + name +
                                                  "' (agoras webhook save --name " + name + " --url URL)");
            }
            const agoras::Json saved = agoras::Json::parse(*record);
            url = saved["secret_url"].text();
            if (tpl.empty()) tpl = saved["template"].text();
        }
        host.register_secret(url);  // webhook URLs embed their credential
        if (tpl.empty()) tpl = kDefaultTemplate;

        HttpRequest request;
        request.method = "POST";
        request.url = url;
        request.body = render(tpl, message_of(post));
        request.content_type = call.get_or("content-type", "application/json");
        request.timeout_ms = 15000;
        const HttpResponse response = host.http(request);
        if (response.status == 429) throw Error(AGORAS_ERR_RATE_LIMITED, "the webhook is rate limited (HTTP 429)");
        if (response.status == 401 || response.status == 403 || response.status == 404) {
            throw Error(AGORAS_ERR_AUTH, "the webhook refused the message (HTTP " + std::to_string(response.status) +
                                             "); check that the URL is still valid");
        }
        if (response.status < 200 || response.status >= 300) {
            throw Error(AGORAS_ERR_REMOTE, "the webhook answered HTTP " + std::to_string(response.status) + ": " +
                                               response.body.substr(0, 200));
        }
        host.emit(agoras::Json::object().set("delivered", true).set("status", response.status));
    }

private:
    static std::string message_of(const Post& post) {
        return post.link ? (post.text.empty() ? *post.link : post.text + " " + *post.link) : post.text;
    }

    void save(const Invocation& call) {
        const std::string name = call.require("name");
        const std::string url = call.require("url");
        if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
            throw Error(AGORAS_ERR_USAGE, "--url must be an http(s) URL");
        }
        agoras::Json record = agoras::Json::object().set("secret_url", url);
        if (auto tpl = call.get("template")) record.set("template", *tpl);
        call.host().vault_put(name, record.serialize());
        call.host().emit(agoras::Json::object().set("saved", name));
    }

    void forget(const Invocation& call) {
        const std::string name = call.require("name");
        if (!call.host().vault_delete(name)) throw Error(AGORAS_ERR_GENERIC, "no webhook saved as '" + name + "'");
        call.host().emit(agoras::Json::object().set("forgotten", name));
    }
};

PluginSpec webhook_spec() {
    return PluginSpec("webhook", "Webhook", WEBHOOK_VERSION, "Post messages to incoming webhooks")
        .platform(Platform("webhook", "Incoming webhooks: Slack, Mattermost, Discord, ntfy, CI bots")
                      .action(Action("post", "Send a message")
                                  .option(Option::string("text").required().text().env("STATUS_TEXT").help("the message"))
                                  .option(Option::string("url").secret().env("AGORAS_WEBHOOK_URL").help(
                                      "webhook URL (default: the saved webhook --name)"))
                                  .option(Option::string("name").default_value("default").help("name of a saved webhook"))
                                  .option(Option::string("template").help(
                                      "body template; {{text}} is the JSON-escaped text, {{text_raw}} the text as is "
                                      "(default {\"text\":\"{{text}}\"})"))
                                  .option(Option::string("content-type").default_value("application/json").help(
                                      "Content-Type of the body")))
                      .action(Action("save", "Store a webhook URL (a secret) in the agoras vault")
                                  .option(Option::string("name").required().help("name to save it under"))
                                  .option(Option::string("url").required().secret().help("webhook URL"))
                                  .option(Option::string("template").help("default body template for this webhook")))
                      .action(Action("forget", "Delete a saved webhook").option(Option::string("name").required().help("name")))
                      .action(Action("list", "List saved webhooks")))
        .publishes(Capabilities("webhook").text(0, AGORAS_COUNT_BYTES))
        .setting("AGORAS_WEBHOOK_URL", "the webhook URL for `agoras webhook post` and `agoras post --to webhook`");
}

}  // namespace

AGORAS_PLUGIN(webhook_spec, WebhookPlugin)
