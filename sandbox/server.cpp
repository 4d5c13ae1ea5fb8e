#include "server.hpp"

#include <agoras/json.hpp>
#include <agoras/sdk/url.hpp>

#include <cpprest/http_listener.h>

#include <csignal>
#include <iostream>
#include <random>

namespace agoras::sandbox {
namespace http = web::http;

namespace {

void add_params(Request& r, const std::string& encoded) {
    for (auto& [name, value] : sdk::decode_params(encoded)) r.params[name] = value;
}

void answer(http::http_request request, const std::vector<std::unique_ptr<Module>>& modules) {
    Request r;
    r.method = request.method();
    r.path = web::uri::decode(request.relative_uri().path());
    add_params(r, request.relative_uri().query());
    for (const auto& [name, value] : request.headers()) r.headers.emplace_back(name, value);
    // Bytes as sent (an uploaded image is not text).
    const std::vector<unsigned char> body = request.extract_vector().get();
    r.body.assign(body.begin(), body.end());
    if (request.headers().content_type().find("application/x-www-form-urlencoded") != std::string::npos) {
        add_params(r, r.body);
    }
    Response response;
    response.status = 404;
    response.body = R"({"error":"no sandbox module serves this path"})";
    try {
        for (const auto& module : modules) {
            if (module->owns(r)) {
                response = module->handle(r);
                break;
            }
        }
    } catch (const std::exception& e) {
        response.status = 500;
        response.body = web::json::value::string(std::string("sandbox failure: ") + e.what()).serialize();
    }
    http::http_response reply(static_cast<http::status_code>(response.status));
    for (const auto& [name, value] : response.headers) reply.headers().add(name, value);
    // 204 No Content has no body and so no type: clients (discord.js) parse a JSON type's empty body and fail.
    if (response.status != 204) {
        reply.set_body(std::vector<unsigned char>(response.body.begin(), response.body.end()));
        reply.headers().set_content_type(response.content_type);
    }
    request.reply(reply).wait();
}

}  // namespace

// The first line on stdout, for scripts and tests.
std::string banner(const std::string& url, const SandboxOptions& options) {
    Json environment = Json::object();
    for (const auto& module : module_table()) {
        for (const auto& [variable, path] : module.environment) environment.set(variable, url + path);
    }
    return Json::object()
        .set("url", url)
        .set("app_id", options.app_id)
        .set("app_secret", options.app_secret)
        .set("environment", std::move(environment))
        .serialize();
}

// How a person points agoras at it, on stderr.
std::string instructions(const std::string& url, const SandboxOptions& options) {
    std::string text = "agoras-sandbox listening on " + url + "\npoint agoras at it with:\n";
    for (const auto& module : module_table()) {
        for (const auto& [variable, path] : module.environment) text += "  export " + variable + "=" + url + path + "\n";
    }
    return text + "  THREADS_APP_SECRET=" + options.app_secret + " agoras threads authorize --app-id " + options.app_id +
           "\n  agoras bluesky authorize --service " + url +
           " --handle alice.sandbox.test --app-password abcd-efgh-ijkl-mnop\nStop it with Ctrl-C.\n";
}

int serve(const SandboxOptions& options, int port) {
    std::vector<std::unique_ptr<Module>> modules;
    for (const auto& entry : module_table()) modules.push_back(entry.make(options));
    // Block the stop signals before cpprestsdk starts threads, then wait for them here.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);

    std::unique_ptr<http::experimental::listener::http_listener> listener;
    std::mt19937 random{std::random_device{}()};
    for (int attempt = 0; attempt < 50 && !listener; ++attempt) {
        // Random ports stay below Linux's ephemeral range (32768+), where outgoing connections live.
        const int candidate = port != 0 ? port : 20000 + static_cast<int>(random() % 12000);
        auto l = std::make_unique<http::experimental::listener::http_listener>("http://127.0.0.1:" +
                                                                               std::to_string(candidate));
        l->support([&modules](http::http_request request) { answer(request, modules); });
        try {
            l->open().wait();
            port = candidate;
            listener = std::move(l);
        } catch (const std::exception& e) {
            if (port != 0 && attempt == 0) {
                std::cerr << "agoras-sandbox: cannot listen on 127.0.0.1:" << port << ": " << e.what() << "\n";
                return 1;
            }
        }
    }
    if (!listener) {
        std::cerr << "agoras-sandbox: found no free port\n";
        return 1;
    }
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    std::cout << banner(url, options) << std::endl;
    std::cerr << instructions(url, options);
    int signal_number = 0;
    sigwait(&stop, &signal_number);
    listener->close().wait();
    return 0;
}

}  // namespace agoras::sandbox
