// A post as data (agoras.publish/1 in C++): what the host hands to Plugin::validate_post and
// Plugin::publish_post, and what a plugin's own `post` action builds from its options, so that both
// run through the same code.
#ifndef AGORAS_SDK_POST_HPP
#define AGORAS_SDK_POST_HPP

#include <agoras/ext/publish.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace agoras::sdk {

struct Media {
    agoras_media_kind kind = AGORAS_MEDIA_IMAGE;
    std::string source;     // an https:// URL or a local path
    std::string mime_type;  // empty: unknown
    std::string alt_text;   // empty: none
};

struct Post {
    std::string text;
    std::optional<std::string> link;
    std::vector<Media> media;
    std::optional<std::string> reply_to;
    std::optional<std::string> language;
    std::vector<std::pair<std::string, std::string>> extras;  // platform options by name

    std::optional<std::string> extra(const std::string& name) const {
        for (const auto& [key, value] : extras) {
            if (key == name) return value;
        }
        return std::nullopt;
    }

    static Post from(const agoras_post* raw) {
        Post post;
        if (raw == nullptr) return post;
        const auto text = [](const char* value) { return value != nullptr ? std::string(value) : std::string(); };
        const auto optional = [](const char* value) {
            return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
        };
        post.text = text(raw->text);
        post.link = optional(raw->link);
        for (std::uint32_t i = 0; i < raw->media_count; ++i) {
            const agoras_media* m = raw->media[i];
            post.media.push_back({static_cast<agoras_media_kind>(m->kind), text(m->source), text(m->mime_type),
                                  text(m->alt_text)});
        }
        post.reply_to = optional(raw->reply_to);
        post.language = optional(raw->language);
        for (std::uint32_t i = 0; i < raw->extra_count; ++i) {
            post.extras.emplace_back(text(raw->extras[i]->name), text(raw->extras[i]->value));
        }
        return post;
    }
};

// The C form of a Post, pointing into it: valid while both live.
class RawPost {
public:
    explicit RawPost(const Post& post) {
        for (const auto& m : post.media) {
            media_.push_back({sizeof(agoras_media), static_cast<std::uint32_t>(m.kind), m.source.c_str(),
                              m.mime_type.empty() ? nullptr : m.mime_type.c_str(),
                              m.alt_text.empty() ? nullptr : m.alt_text.c_str()});
        }
        for (const auto& m : media_) media_ptrs_.push_back(&m);
        for (const auto& [name, value] : post.extras) extras_.push_back({name.c_str(), value.c_str()});
        for (const auto& e : extras_) extra_ptrs_.push_back(&e);
        raw_ = agoras_post{sizeof(agoras_post), post.text.c_str(), post.link ? post.link->c_str() : nullptr,
                           media_ptrs_.data(), static_cast<std::uint32_t>(media_ptrs_.size()),
                           post.reply_to ? post.reply_to->c_str() : nullptr,
                           post.language ? post.language->c_str() : nullptr, extra_ptrs_.data(),
                           static_cast<std::uint32_t>(extra_ptrs_.size())};
    }
    RawPost(const RawPost&) = delete;
    RawPost& operator=(const RawPost&) = delete;
    const agoras_post* get() const { return &raw_; }

private:
    std::vector<agoras_media> media_;
    std::vector<const agoras_media*> media_ptrs_;
    std::vector<agoras_option_value> extras_;
    std::vector<const agoras_option_value*> extra_ptrs_;
    agoras_post raw_{};
};

}  // namespace agoras::sdk

#endif
