// The sandbox's web module: pages and files that tests and rehearsals put there (a page with
// OpenGraph tags for a link card, an image to post by URL), served back as a web server would.
#pragma once

#include "module.hpp"

#include <map>
#include <mutex>

namespace agoras::sandbox {

// POST /_sandbox/web?path=/p&content_type=T[&status=N] stores the request body; GET /web/p serves it
// with an ETag, and answers a matching If-None-Match with 304 Not Modified.
class WebModule final : public Module {
public:
    const char* name() const override { return "web"; }
    bool owns(const Request& r) const override {
        return r.path.rfind("/web/", 0) == 0 || r.path == "/_sandbox/web";
    }
    Response handle(const Request& request) override;

private:
    struct Page {
        int status = 200;
        std::string content_type, body;
        int hits = 0, not_modified = 0;
    };
    std::mutex mutex_;
    std::map<std::string, Page> pages_;
};

}  // namespace agoras::sandbox
