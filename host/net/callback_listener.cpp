#include "net/callback_listener.hpp"

#include "net/self_signed_cert.hpp"
#include "status_error.hpp"

#include <cpprest/http_listener.h>

#include <condition_variable>
#include <mutex>

namespace agoras::host::net {
namespace http = web::http;
using http::experimental::listener::http_listener;
using http::experimental::listener::http_listener_config;

namespace {

// Self-contained pages: nothing is fetched from the network.
std::string page(bool success, const std::string& detail) {
    const std::string title = success ? "Authorization Successful" : "Authorization Failed";
    const std::string advice = success ? "You can close this window and return to the terminal."
                                       : "Please return to the terminal and try again.";
    std::string escaped;
    for (char c : detail) {
        if (c == '<') escaped += "&lt;";
        else if (c == '>') escaped += "&gt;";
        else if (c == '&') escaped += "&amp;";
        else escaped += c;
    }
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title +
           " - Agoras</title><style>body{font-family:system-ui,sans-serif;text-align:center;margin-top:15vh}"
           "h1{color:" + (success ? "#1a7f37" : "#cf222e") + "}</style></head><body><h1>" +
           (success ? "&#10003; " : "&#10007; ") + title + "</h1><p>" + escaped + "</p><p><b>" + advice +
           "</b></p></body></html>";
}

}  // namespace

struct CallbackListener::State {
    std::string expected_state;
    std::mutex mutex;
    std::condition_variable changed;
    std::optional<CallbackOutcome> outcome;
    std::unique_ptr<http_listener> listener;
};

CallbackListener::CallbackListener(std::uint16_t port, std::string expected_state) : state_(std::make_unique<State>()) {
    state_->expected_state = std::move(expected_state);
    const CertificatePem pem = make_self_signed_certificate();
    http_listener_config config;
    config.set_ssl_context_callback([pem](boost::asio::ssl::context& ctx) {
        ctx.set_options(boost::asio::ssl::context::default_workarounds | boost::asio::ssl::context::no_sslv2 |
                        boost::asio::ssl::context::no_sslv3 | boost::asio::ssl::context::no_tlsv1 |
                        boost::asio::ssl::context::no_tlsv1_1);
        ctx.use_certificate_chain(boost::asio::buffer(pem.certificate));
        ctx.use_private_key(boost::asio::buffer(pem.private_key), boost::asio::ssl::context::pem);
    });
    const std::string address = "https://127.0.0.1:" + std::to_string(port) + "/";
    auto listener = std::make_unique<http_listener>(address, config);
    State* state = state_.get();
    listener->support([state](http::http_request request) {
        const std::string path = request.relative_uri().path();
        if (request.method() != http::methods::GET || path != "/callback") {
            request.reply(http::status_codes::NotFound, "not found").wait();  // a favicon, say: ignored
            return;
        }
        const auto outcome = interpret_callback(parse_query(request.request_uri().query()), state->expected_state);
        const bool success = outcome.kind == CallbackOutcome::Kind::code;
        http::http_response response(success ? http::status_codes::OK : http::status_codes::BadRequest);
        response.headers().add("Connection", "close");
        response.set_body(page(success, success ? "You have successfully authorized Agoras to access your account."
                                                : outcome.value),
                          "text/html; charset=utf-8");
        request.reply(response).wait();
        if (outcome.kind == CallbackOutcome::Kind::ignored) return;
        std::lock_guard<std::mutex> lock(state->mutex);
        if (!state->outcome) state->outcome = outcome;
        state->changed.notify_all();
    });
    try {
        listener->open().wait();
    } catch (const std::exception& e) {
        throw StatusError(AGORAS_ERR_NETWORK, "cannot listen for the OAuth callback on 127.0.0.1:" +
                                                  std::to_string(port) + " (" + e.what() +
                                                  "); free the port, or set AGORAS_OAUTH_PORT and register the matching "
                                                  "redirect URI");
    }
    state_->listener = std::move(listener);
}

CallbackListener::~CallbackListener() {
    try {
        state_->listener->close().wait();
    } catch (...) {
    }
}

std::optional<CallbackOutcome> CallbackListener::wait_until(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(state_->mutex);
    state_->changed.wait_until(lock, deadline, [&] { return state_->outcome.has_value(); });
    return state_->outcome;
}

}  // namespace agoras::host::net
