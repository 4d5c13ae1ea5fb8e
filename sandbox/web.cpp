#include "web.hpp"

#include "util.hpp"

#include <functional>

namespace agoras::sandbox {

Response WebModule::handle(const Request& r) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto param = [&](const char* name, const std::string& fallback) {
        const auto it = r.params.find(name);
        return it == r.params.end() ? fallback : it->second;
    };
    if (r.path == "/_sandbox/web") {
        const std::string path = param("path", "");
        if (r.method == "GET") {
            const auto it = pages_.find(path);
            const int hits = it == pages_.end() ? 0 : it->second.hits, not_modified = it == pages_.end() ? 0 : it->second.not_modified;
            return json_response(200, agoras::Json::object().set("hits", hits).set("not_modified", not_modified));
        }
        if (path.empty() || path[0] != '/') return json_response(400, web::json::value::parse(R"({"error":"path must start with /"})"));
        pages_[path] = Page{std::stoi(param("status", "200")), param("content_type", "text/html; charset=utf-8"), r.body, 0, 0};
        return json_response(200, web::json::value::parse(R"({"ok":true})"));
    }
    const auto it = pages_.find(r.path.substr(4));
    Response response;
    if (it == pages_.end()) {
        response.status = 404;
        response.content_type = "text/html";
        response.body = "<!doctype html><title>Not found</title>";
        return response;
    }
    ++it->second.hits;
    const std::string etag = "\"" + std::to_string(std::hash<std::string>{}(it->second.body)) + "\"";
    response.headers.emplace_back("ETag", etag);
    if (it->second.status == 200 && header(r, "If-None-Match") == etag) {
        ++it->second.not_modified;
        response.status = 304;
        response.content_type = it->second.content_type;
        return response;
    }
    response.status = it->second.status;
    response.content_type = it->second.content_type;
    response.body = it->second.body;
    return response;
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "web",
    "pages and files for link cards and images by URL: POST /_sandbox/web?path=/p&content_type=T\n"
     "stores the body, GET /web/p serves it",
    {},
    [](const SandboxOptions&) { return std::make_unique<WebModule>(); }}};

}  // namespace

}  // namespace agoras::sandbox
