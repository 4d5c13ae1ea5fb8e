// The sandbox's Facebook module: Facebook Login's dialog and code exchange, the long-lived token
// exchange, the Pages a user manages with their tokens, and a Page's posts (feed with attached
// unpublished photos, videos by URL, likes, shares, deletes), at /facebook, with Meta's error envelope
// and rules (506 for a duplicate, 190 for a bad token, 200 for a missing permission). See docs/sandbox.md.
#pragma once

#include "controls.hpp"
#include "module.hpp"

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace agoras::sandbox {

class FacebookModule final : public Module {
public:
    static constexpr const char* kClientId = "987654321";
    static constexpr const char* kClientSecret = "sandbox-facebook-secret";
    static constexpr const char* kPage = "111111111";
    static constexpr const char* kInstagramUser = "17841400000000099";  // @sandbox_ig, linked to the Page
    // @sandbox_ig_2, linked to the second Page (faults: pages=2).
    static constexpr const char* kSecondInstagramUser = "17841400000000098";

    FacebookModule();
    const char* name() const override { return "facebook"; }
    bool owns(const Request& r) const override {
        return r.path.rfind("/facebook/", 0) == 0 || r.path.rfind("/_sandbox/facebook/", 0) == 0;
    }
    Response handle(const Request& request) override;

private:
    struct Post {
        std::string page, message, link, kind;
        std::vector<std::string> photos;
        int likes = 0;
        bool deleted = false;
    };
    Response graph(const Request& r, const std::vector<std::string>& parts);
    Response instagram(const Request& r, const std::vector<std::string>& parts);
    Json state() const;

    std::mutex mutex_;
    std::map<std::string, std::string> codes_;        // code -> redirect_uri
    std::set<std::string> short_tokens_, user_tokens_;
    std::map<std::string, std::string> page_tokens_;  // token -> page
    std::map<std::string, std::string> photos_;       // unpublished photo -> page
    std::map<std::string, Post> posts_;
    std::vector<std::pair<std::string, std::string>> pages_{{kPage, "Sandbox Page"}};
    struct Container {
        std::string kind, caption, published_as, error, owner;  // owner: the Instagram user
        std::vector<std::string> children;
        bool carousel_item = false;
        std::int64_t published_s = 0;
    };
    std::map<std::string, Container> containers_;     // Instagram containers
    std::map<std::string, std::string> ig_media_;     // published media -> kind
    int ig_publishes_ = 0;
    std::uint64_t next_id_ = 500;
    bool expire_tokens_ = false, deny_permissions_ = false;
    Controls controls_{"/_sandbox/facebook/"};
    std::string ig_container_error_;  // the next Instagram container ends in ERROR with this status
};

}  // namespace agoras::sandbox
