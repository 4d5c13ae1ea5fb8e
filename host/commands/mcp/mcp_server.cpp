#include "commands/mcp/mcp_server.hpp"

#include <agoras/json.hpp>

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace agoras::host::commands::mcp {
namespace {

constexpr const char* kVersions[] = {"2025-11-25", "2025-06-18"};  // newest first
constexpr std::size_t kMaxLine = 8u << 20;                          // a message larger than this is refused

// A line of input: a message, or why it could not be read.
struct Incoming {
    std::optional<Json> message;
    std::string unreadable;
};

// Reads standard input on its own thread, so that a cancellation can arrive while a tool runs.
class Reader {
public:
    Reader() : thread_([this] { run(); }) {}
    ~Reader() { thread_.join(); }

    // The next line; nullopt at the end of input.
    std::optional<Incoming> next() {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return !queue_.empty() || ended_; });
        if (queue_.empty()) return std::nullopt;
        Incoming in = std::move(queue_.front());
        queue_.pop_front();
        return in;
    }
    // The request whose tool is running, so that notifications/cancelled can stop it.
    void running(const std::optional<Json>& id) {
        const std::lock_guard<std::mutex> lock(mutex_);
        running_ = id;
        cancelled_ = false;
    }
    const std::atomic<bool>& cancelled() const { return cancelled_; }

private:
    void run() {
        std::string line;
        bool too_long = false;
        for (int c; (c = std::getchar()) != EOF;) {
            if (c != '\n') {
                if (line.size() < kMaxLine) line += static_cast<char>(c);
                else too_long = true;
                continue;
            }
            deliver(line, too_long);
            line.clear();
            too_long = false;
        }
        if (!line.empty()) deliver(line, too_long);
        const std::lock_guard<std::mutex> lock(mutex_);
        ended_ = true;
        ready_.notify_all();
    }

    void deliver(const std::string& line, bool too_long) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) return;
        Incoming in;
        if (too_long) {
            in.unreadable = "a message longer than 8 MiB";
        } else {
            try {
                in.message = Json::parse(line);
            } catch (const std::exception& e) {
                in.unreadable = e.what();
            }
        }
        const std::lock_guard<std::mutex> lock(mutex_);
        if (in.message && (*in.message)["method"].text() == "notifications/cancelled") {
            const Json& id = (*in.message)["params"]["requestId"];
            if (running_ && running_->serialize() == id.serialize()) cancelled_ = true;
            return;  // never queued: it must reach a running tool
        }
        queue_.push_back(std::move(in));
        ready_.notify_all();
    }

    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Incoming> queue_;
    bool ended_ = false;
    std::optional<Json> running_;
    std::atomic<bool> cancelled_{false};
    std::thread thread_;
};

// Protocol messages, one per line, on the descriptor stdout had when the server started.
class Writer {
public:
    Writer() : out_(fdopen(dup(STDOUT_FILENO), "w")) {
        if (out_ == nullptr) throw std::runtime_error("cannot duplicate standard output");
        std::fflush(stdout);
        dup2(STDERR_FILENO, STDOUT_FILENO);  // from now on, anything else written to stdout is a log line
    }
    ~Writer() { std::fclose(out_); }
    void send(const Json& message) {
        const std::string text = message.serialize();  // compact: no raw line break
        std::fwrite(text.data(), 1, text.size(), out_);
        std::fputc('\n', out_);
        std::fflush(out_);
    }
    void result(const Json& id, Json result) { send(Json::object().set("jsonrpc", "2.0").set("id", id).set("result", std::move(result))); }
    void error(const Json& id, int code, const std::string& message) {
        send(Json::object().set("jsonrpc", "2.0").set("id", id).set("error", Json::object().set("code", code).set("message", message)));
    }

private:
    std::FILE* out_;
};

Json initialize_result(const Json& params) {
    std::string version = kVersions[0];
    for (const char* supported : kVersions) {
        if (params["protocolVersion"].text() == supported) version = supported;
    }
    return Json::object()
        .set("protocolVersion", version)
        .set("capabilities", Json::object().set("tools", Json::object().set("listChanged", false)))
        .set("serverInfo", Json::object()
                               .set("name", "agoras")
                               .set("title", "agoras")
                               .set("version", AGORAS_VERSION)
                               .set("description", "Check and publish posts to social networks through agoras"))
        .set("instructions", "Call check_post before publish_post: it shows what each target would send and why one would "
                             "refuse. publish_post never posts twice for the same content or idempotency_key. Targets are "
                             "platform names, platform:account (list_platforms shows the accounts) or @group.");
}

Json tool_answer(const ToolResult& r) {
    if (!r.error.empty()) {
        return Json::object().set("content", Json::array().push(Json::object().set("type", "text").set("text", r.error))).set("isError", true);
    }
    return Json::object()
        .set("content", Json::array().push(Json::object().set("type", "text").set("text", r.structured.serialize())))
        .set("structuredContent", r.structured);
}

}  // namespace

int serve(Tools& tools) {
    Writer out;
    Reader in;
    bool initialized = false;
    while (const auto incoming = in.next()) {
        if (!incoming->message) {
            out.error(Json(), -32700, "Parse error: " + incoming->unreadable);
            continue;
        }
        const Json& message = *incoming->message;
        if (message.is_array()) {
            out.error(Json(), -32600, "Invalid Request: batches are not supported");
            continue;
        }
        const bool request = message.is_object() && message.has("id");
        const Json id = request ? message["id"] : Json();
        const std::string method = message["method"].text();
        if (!message.is_object() || message["jsonrpc"].text() != "2.0" || !message["method"].is_string() ||
            (request && !id.is_string() && !id.is_number())) {
            if (request || !message.is_object()) out.error(id, -32600, "Invalid Request");
            continue;
        }
        if (!request) continue;  // notifications: initialized needs nothing; others are ignored
        if (method == "initialize") {
            initialized = true;
            out.result(id, initialize_result(message["params"]));
        } else if (method == "ping") {
            out.result(id, Json::object());
        } else if (!initialized) {
            out.error(id, -32600, "the server is not initialized: send initialize first");
        } else if (method == "tools/list") {
            out.result(id, Json::object().set("tools", tools.list()));
        } else if (method == "tools/call") {
            const Json& params = message["params"];
            const std::string name = params["name"].text();
            if (!tools.exists(name)) {
                out.error(id, -32602, "Unknown tool: " + name);
                continue;
            }
            in.running(id);
            const ToolResult r = tools.call(name, params.has("arguments") ? params["arguments"] : Json::object(), in.cancelled());
            const bool cancelled = in.cancelled();
            in.running(std::nullopt);
            if (cancelled) {
                spdlog::info("request {} was cancelled; not answered", id.serialize());
                continue;
            }
            out.result(id, tool_answer(r));
        } else {
            out.error(id, -32601, "Method not found: " + method);
        }
    }
    return 0;
}

}  // namespace agoras::host::commands::mcp
