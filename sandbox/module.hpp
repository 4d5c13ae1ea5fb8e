// What every platform module of agoras-sandbox implements: one platform's API, in memory, as strict
// as its documentation, with switches to misbehave on purpose. The server (server.cpp) owns the
// listener and hands each request to the first module that owns it.
#pragma once

#include <agoras/json.hpp>
#include <cpprest/json.h>

#include <functional>
#include <map>
#include <memory>
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

inline Response json_text_response(int status, std::string json) {
    Response r;
    r.status = status;
    r.body = std::move(json);
    return r;
}
inline Response json_response(int status, const web::json::value& body) { return json_text_response(status, body.serialize()); }
// From the SDK's JSON, which builds objects without string concatenation.
inline Response json_response(int status, const agoras::Json& body) { return json_text_response(status, body.serialize()); }

class Module {
public:
    virtual ~Module() = default;
    virtual const char* name() const = 0;
    // Whether this module answers `request` (by path prefix, usually).
    virtual bool owns(const Request& request) const = 0;
    // Answers it; may be called from several threads at once.
    virtual Response handle(const Request& request) = 0;
};

// What the command line gives every module.
struct SandboxOptions {
    std::string app_id = "1234567890", app_secret = "sandbox-app-secret";  // the Threads app it accepts
};

// One line of the sandbox's module table: how `--help` describes the module, the variables that point
// agoras at it, and how to make it. Each module's file registers its own (ModuleRegistration), so that
// adding a platform touches no shared file.
struct ModuleEntry {
    std::string name;
    std::string help;  // for `agoras-sandbox --help`; lines after the first are indented by the table
    // Each variable with the path appended to the sandbox's URL: {"AGORAS_TELEGRAM_API_URL", ""}.
    std::vector<std::pair<std::string, std::string>> environment;
    std::function<std::unique_ptr<Module>(const SandboxOptions&)> make;
    bool owns_root = false;  // answers whatever no other module claims, so it is asked last
};

struct ModuleRegistration {
    explicit ModuleRegistration(ModuleEntry entry);
};

// Every registered module, by name, the one that owns the root last.
std::vector<ModuleEntry> module_table();

}  // namespace agoras::sandbox
