#include "net/http_transport.hpp"

#include "net/url_policy.hpp"
#include "status_error.hpp"

#include <cpprest/http_client.h>
#include <pplx/threadpool.h>

#include <mutex>

namespace agoras::host::net {
namespace http = web::http;

namespace {

// cpprestsdk starts 40 threads unless told otherwise before its first use; a CLI needs two.
void initialise_thread_pool() {
    static std::once_flag once;
    std::call_once(once, [] {
        try {
            crossplat::threadpool::initialize_with_threads(2);
        } catch (const std::exception&) {
            // Already initialised by an earlier user in this process; its pool works too.
        }
    });
}

}  // namespace

HttpAnswer send_once(const HttpCall& call) {
    require_allowed_url(call.url);
    initialise_thread_pool();
    try {
        const web::uri uri(call.url);
        http::client::http_client_config config;
        config.set_timeout(call.timeout);
        config.set_validate_certificates(true);
        // Everything up to the path goes to the client; the request carries path, query and fragment.
        http::client::http_client client(web::uri_builder(uri).set_path("").set_query("").set_fragment("").to_uri(),
                                         config);
        http::http_request request(call.method);
        request.set_request_uri(web::uri_builder().set_path(uri.path()).set_query(uri.query()).to_uri());
        request.headers().add("User-Agent", "agoras/" AGORAS_VERSION);
        for (const auto& [name, value] : call.headers) request.headers().add(name, value);
        if (!call.body.empty() || call.method == "POST") {
            request.set_body(call.body, call.content_type.empty() ? "application/octet-stream" : call.content_type);
        }
        // Every task is waited for here, inside the try: an unobserved task exception kills the process.
        const http::http_response response = client.request(request).get();
        HttpAnswer answer;
        answer.status = response.status_code();
        answer.body = response.extract_utf8string(true).get();
        for (const auto& [name, value] : response.headers()) answer.headers.emplace_back(name, value);
        return answer;
    } catch (const http::http_exception& e) {
        throw StatusError(AGORAS_ERR_NETWORK, "no answer from " + describe_endpoint(call.url) + ": " + e.what());
    } catch (const web::uri_exception& e) {
        throw usage_error("invalid URL '" + describe_endpoint(call.url) + "': " + e.what());
    } catch (const std::system_error& e) {
        throw StatusError(AGORAS_ERR_NETWORK, "no answer from " + describe_endpoint(call.url) + ": " + e.what());
    }
}

}  // namespace agoras::host::net
