// What every platform module of agoras-sandbox implements: one platform's API, in memory, as strict
// as its documentation, with switches to misbehave on purpose. The server (server.cpp) owns the
// listener and hands each request to the first module that owns it.
#pragma once

#include <cpprest/json.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace agoras::sandbox {

struct Request {
    std::string method;
    std::string path;
    std::map<std::string, std::string> params;  // query and form parameters together
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

struct Response {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

inline Response json_response(int status, const web::json::value& body) {
    Response r;
    r.status = status;
    r.body = body.serialize();
    return r;
}

class Module {
public:
    virtual ~Module() = default;
    virtual const char* name() const = 0;
    // Whether this module answers `request` (by path prefix, usually).
    virtual bool owns(const Request& request) const = 0;
    // Answers it; may be called from several threads at once.
    virtual Response handle(const Request& request) = 0;
};

}  // namespace agoras::sandbox
