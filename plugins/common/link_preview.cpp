#include "link_preview.hpp"

#include <agoras/sdk/http.hpp>

#include <agoras/sdk/url.hpp>

#include <libxml/HTMLparser.h>

#include <memory>

namespace agoras::link_preview {
namespace {

std::string text_of(const xmlChar* value) { return value != nullptr ? reinterpret_cast<const char*>(value) : ""; }

std::string attribute(xmlNode* node, const char* name) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    std::string out = text_of(value);
    xmlFree(value);
    return out;
}

std::string collapse_spaces(const std::string& text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

struct Found {
    std::string og_title, og_description, og_image, title, description;
};

void walk(xmlNode* node, Found& found, int depth) {
    for (; node != nullptr && depth < 64; node = node->next) {
        if (node->type == XML_ELEMENT_NODE) {
            const std::string name = text_of(node->name);
            if (name == "meta") {
                const std::string key = attribute(node, "property").empty() ? attribute(node, "name") : attribute(node, "property");
                const std::string content = attribute(node, "content");
                if (key == "og:title" && found.og_title.empty()) found.og_title = content;
                if (key == "og:description" && found.og_description.empty()) found.og_description = content;
                if ((key == "og:image" || key == "og:image:url") && found.og_image.empty()) found.og_image = content;
                if (key == "description" && found.description.empty()) found.description = content;
            } else if (name == "title" && found.title.empty()) {
                xmlChar* content = xmlNodeGetContent(node);
                found.title = text_of(content);
                xmlFree(content);
            } else if (name == "body") {
                continue;  // the head has everything a card needs
            }
        }
        walk(node->children, found, depth + 1);
    }
}

}  // namespace

PageMeta parse_page_meta(const std::string& html, const std::string& page_url) {
    // No network, no error output: a hostile page can neither reach out nor flood the terminal.
    const int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                        HTML_PARSE_COMPACT;
    std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> doc(
        htmlReadMemory(html.data(), static_cast<int>(html.size()), page_url.c_str(), nullptr, options), xmlFreeDoc);
    PageMeta meta;
    if (!doc) return meta;
    Found found;
    walk(xmlDocGetRootElement(doc.get()), found, 0);
    meta.title = collapse_spaces(found.og_title.empty() ? found.title : found.og_title);
    meta.description = collapse_spaces(found.og_description.empty() ? found.description : found.og_description);
    // The page's author chose the picture: it is fetched only from a public https address or the page's
    // own server, never from this machine or a private network (a card without it still posts).
    if (!found.og_image.empty()) {
        const std::string image = sdk::resolve_url(page_url, found.og_image);
        if (sdk::may_fetch_from_content(image, page_url)) meta.image_url = image;
    }
    return meta;
}

PageMeta read_page_meta(const sdk::Host& host, const std::string& url) {
    sdk::HttpRequest request;
    request.url = url;
    request.retry_safe = true;
    request.max_redirects = 5;
    // A card needs only the page's <head>: the first 2 MiB are read, however long the page (news pages run
    // to several megabytes), and the rest is never downloaded.
    request.read_at_most_bytes = 2 << 20;
    request.max_response_bytes = 2 << 20;  // a host older than read_at_most_bytes: refused beyond it
    request.timeout_ms = 15000;
    request.max_attempts = 1;  // one 15 s deadline for the page, not one per try
    request.headers.emplace_back("Accept", "text/html");
    const auto page = host.http(request);
    if (page.status != 200) throw sdk::Error(AGORAS_ERR_REMOTE, "HTTP " + std::to_string(page.status));
    return parse_page_meta(page.body, url);
}

}  // namespace agoras::link_preview
