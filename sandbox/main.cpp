// agoras-sandbox [--port N] [--app-id ID] [--app-secret SECRET]
// Serves the sandbox on http://127.0.0.1:N until SIGINT or SIGTERM. Prints one JSON line on stdout
// with its URL and credentials, and on stderr how to point agoras at it.
#include "sandbox.hpp"

#include <cpprest/http_listener.h>

#include <csignal>
#include <iostream>
#include <optional>
#include <random>

namespace http = web::http;
using agoras::sandbox::Request;
using agoras::sandbox::Response;

namespace {

std::map<std::string, std::string> decode_params(const std::string& encoded) {
    std::map<std::string, std::string> params;
    for (auto& [name, value] : web::uri::split_query(encoded)) {
        auto decode = [](std::string text) {
            for (char& c : text) c = c == '+' ? ' ' : c;
            return web::uri::decode(text);
        };
        params[decode(name)] = decode(value);
    }
    return params;
}

void serve(http::http_request request, agoras::sandbox::Sandbox& sandbox) {
    Request r;
    r.method = request.method();
    r.path = request.relative_uri().path();
    if (r.path.rfind("/v1.0/", 0) == 0) r.path = r.path.substr(5);
    r.params = decode_params(request.relative_uri().query());
    if (request.headers().content_type().find("application/x-www-form-urlencoded") != std::string::npos) {
        for (auto& [name, value] : decode_params(request.extract_utf8string(true).get())) r.params[name] = value;
    }
    Response response;
    try {
        response = sandbox.handle(r);
    } catch (const std::exception& e) {
        response = agoras::sandbox::graph_error(500, 1, 0, std::string("sandbox failure: ") + e.what());
    }
    http::http_response reply(static_cast<http::status_code>(response.status));
    for (const auto& [name, value] : response.headers) reply.headers().add(name, value);
    reply.set_body(response.body, response.content_type);
    request.reply(reply).wait();
}

}  // namespace

int main(int argc, char** argv) {
    int port = 0;
    std::string app_id = "1234567890", app_secret = "sandbox-app-secret";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--port") port = std::stoi(argv[i + 1]);
        else if (flag == "--app-id") app_id = argv[i + 1];
        else if (flag == "--app-secret") app_secret = argv[i + 1];
        else {
            std::cerr << "usage: agoras-sandbox [--port N] [--app-id ID] [--app-secret SECRET]\n";
            return 2;
        }
    }
    // Block the stop signals before cpprestsdk starts threads, then wait for them here.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);

    agoras::sandbox::Sandbox sandbox(app_id, app_secret);
    std::unique_ptr<http::experimental::listener::http_listener> listener;
    std::mt19937 random{std::random_device{}()};
    for (int attempt = 0; attempt < 50 && !listener; ++attempt) {
        // Random ports stay below Linux's ephemeral range (32768+), where outgoing connections live.
        const int candidate = port != 0 ? port : 20000 + static_cast<int>(random() % 12000);
        auto l = std::make_unique<http::experimental::listener::http_listener>("http://127.0.0.1:" + std::to_string(candidate));
        l->support([&sandbox](http::http_request request) { serve(request, sandbox); });
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
    std::cout << "{\"url\":\"" << url << "\",\"app_id\":\"" << app_id << "\",\"app_secret\":\"" << app_secret << "\"}"
              << std::endl;
    std::cerr << "agoras-sandbox listening on " << url << "; point agoras at it with:\n"
              << "  export AGORAS_THREADS_GRAPH_URL=" << url << "\n"
              << "  export AGORAS_THREADS_AUTHORIZE_URL=" << url << "/oauth/authorize\n"
              << "  agoras threads authorize --app-id " << app_id << " --app-secret " << app_secret << "\n"
              << "Stop it with Ctrl-C.\n";
    int signal_number = 0;
    sigwait(&stop, &signal_number);
    listener->close().wait();
    return 0;
}
