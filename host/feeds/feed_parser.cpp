#include "feeds/feed.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <openssl/evp.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace agoras::host::feeds {
namespace {

constexpr const char* kAtom = "http://www.w3.org/2005/Atom";
constexpr const char* kRss1 = "http://purl.org/rss/1.0/";
constexpr const char* kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr const char* kDc = "http://purl.org/dc/elements/1.1/";
constexpr const char* kMedia = "http://search.yahoo.com/mrss/";
constexpr const char* kItunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
constexpr const char* kUserland = "http://backend.userland.com/rss2";  // RSS 2.0 with a namespace, read as RSS 2.0

const char* ns_of(const xmlNode* node) {
    return node->ns != nullptr && node->ns->href != nullptr ? reinterpret_cast<const char*>(node->ns->href) : "";
}

bool is(const xmlNode* node, const char* name, const char* ns = "") {
    return node != nullptr && node->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0 &&
           std::strcmp(ns_of(node), ns) == 0;
}

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string text_of(const xmlNode* node) {
    if (node == nullptr) return "";
    xmlChar* content = xmlNodeGetContent(node);
    std::string out = content != nullptr ? reinterpret_cast<const char*>(content) : "";
    xmlFree(content);
    return trim(out);
}

std::string attribute(const xmlNode* node, const char* name) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    std::string out = value != nullptr ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return trim(out);
}

std::string attribute_ns(const xmlNode* node, const char* name, const char* ns) {
    xmlChar* value = xmlGetNsProp(node, reinterpret_cast<const xmlChar*>(name), reinterpret_cast<const xmlChar*>(ns));
    std::string out = value != nullptr ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return trim(out);
}

const xmlNode* child(const xmlNode* parent, const char* name, const char* ns = "") {
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
        if (is(c, name, ns)) return c;
    }
    return nullptr;
}

std::string sha256_hex(const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
    static const char hex[] = "0123456789abcdef";
    std::string out = "sha256:";
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

bool image_type(const std::string& type) { return type.rfind("image/", 0) == 0; }

// Media RSS: a media:content that is an image, also inside a media:group; else a media:thumbnail (YouTube's and
// Reddit's feeds have only that).
std::string media_image(const xmlNode* item) {
    std::string thumbnail;
    for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
        if (is(c, "content", kMedia) && (attribute(c, "medium") == "image" || image_type(attribute(c, "type")))) {
            const std::string url = attribute(c, "url");
            if (!url.empty()) return url;
        }
        if (is(c, "group", kMedia)) {
            const std::string inside = media_image(c);
            if (!inside.empty()) return inside;
        }
        if (is(c, "thumbnail", kMedia) && thumbnail.empty()) thumbnail = attribute(c, "url");
    }
    return thumbnail;
}

// A podcast episode's picture: <itunes:image href="…"/>.
std::string itunes_image(const xmlNode* item) {
    const xmlNode* image = child(item, "image", kItunes);
    return image != nullptr ? attribute(image, "href") : "";
}

FeedItem rss_item(const xmlNode* item, const char* ns) {
    FeedItem out;
    out.title = text_of(child(item, "title", ns));
    out.link = text_of(child(item, "link", ns));
    const xmlNode* guid = child(item, "guid", ns);
    out.identity = text_of(guid);
    if (out.link.empty() && guid != nullptr && attribute(guid, "isPermaLink") != "false") out.link = out.identity;
    if (out.identity.empty()) out.identity = attribute_ns(item, "about", kRdf);  // RSS 1.0
    const xmlNode* date = child(item, "pubDate", ns);
    out.date = parse_feed_date(text_of(date != nullptr ? date : child(item, "date", kDc)));
    for (const xmlNode* c = item->children; c != nullptr && out.image.empty(); c = c->next) {
        if (is(c, "enclosure", ns) && image_type(attribute(c, "type"))) out.image = attribute(c, "url");
    }
    if (out.image.empty()) out.image = media_image(item);
    if (out.image.empty()) out.image = itunes_image(item);
    if (out.identity.empty()) out.identity = out.link;
    if (out.identity.empty()) out.identity = sha256_hex(out.title + "\n" + text_of(child(item, "description", ns)));
    return out;
}

FeedItem atom_entry(const xmlNode* entry) {
    FeedItem out;
    out.identity = text_of(child(entry, "id", kAtom));
    out.title = text_of(child(entry, "title", kAtom));
    std::string self;  // the entry's own address: its link when it has no alternate one
    for (const xmlNode* c = entry->children; c != nullptr; c = c->next) {
        if (!is(c, "link", kAtom)) continue;
        const std::string rel = attribute(c, "rel");
        if ((rel.empty() || rel == "alternate") && out.link.empty()) out.link = attribute(c, "href");
        if (rel == "self" && self.empty()) self = attribute(c, "href");
        if (rel == "enclosure" && image_type(attribute(c, "type")) && out.image.empty()) out.image = attribute(c, "href");
    }
    if (out.link.empty()) out.link = self;
    if (out.image.empty()) out.image = media_image(entry);
    out.date = parse_feed_date(text_of(child(entry, "updated", kAtom)));
    if (!out.date) out.date = parse_feed_date(text_of(child(entry, "published", kAtom)));
    if (out.identity.empty()) out.identity = out.link;
    if (out.identity.empty()) out.identity = sha256_hex(out.title + "\n" + text_of(child(entry, "summary", kAtom)));
    return out;
}

// No network (no external DTD or entity), no entity substitution: a hostile feed can neither reach out
// nor expand itself.
constexpr int kOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

[[noreturn]] void not_well_formed() {
    const xmlError* error = xmlGetLastError();
    throw std::runtime_error(std::string("it is not well-formed XML") +
                             (error != nullptr && error->message != nullptr ? " (" + trim(error->message) + ")" : ""));
}

// The document re-encoded as UTF-8 and declared so (the whole tree, for this one rare case: a charset given only
// by HTTP).
std::string reencoded_as_utf8(const char* data, int size, const char* encoding) {
    std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> doc(xmlReadMemory(data, size, "feed.xml", encoding, kOptions), xmlFreeDoc);
    if (!doc) not_well_formed();
    xmlChar* text = nullptr;
    int length = 0;
    xmlDocDumpMemoryEnc(doc.get(), &text, &length, "UTF-8");
    std::string out(text != nullptr ? reinterpret_cast<const char*>(text) : "", text != nullptr ? static_cast<std::size_t>(length) : 0);
    xmlFree(text);
    return out;
}

}  // namespace

Feed parse_feed(const std::string& xml, const std::string& encoding, std::string* as_utf8) {
    // Whitespace before the XML declaration is ill-formed, but common (a template's blank line) and read by every
    // feed reader: it is skipped.
    std::size_t start = 0;
    while (start < xml.size() && (xml[start] == ' ' || xml[start] == '\t' || xml[start] == '\r' || xml[start] == '\n')) ++start;
    if (xml.compare(start, 5, "<?xml") != 0) start = 0;
    const char* data = xml.data() + start;
    const int size = static_cast<int>(xml.size() - start);
    // A charset libxml2 does not know is ignored, as feed readers do: the document's own declaration decides.
    xmlCharEncodingHandler* handler = encoding.empty() ? nullptr : xmlFindCharEncodingHandler(encoding.c_str());
    const char* override_encoding = handler != nullptr ? encoding.c_str() : nullptr;
    if (handler != nullptr) xmlCharEncCloseFunc(handler);

    // Read as a stream: one item's subtree at a time is built (and freed once passed), so memory follows the
    // largest item, not the feed (a whole tree costs about 15 times the document).
    // Asking the reader for its document (for the entity check) makes freeing that document ours: after the
    // reader's, so this is declared first.
    std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> document(nullptr, xmlFreeDoc);
    std::unique_ptr<xmlTextReader, void (*)(xmlTextReaderPtr)> reader(
        xmlReaderForMemory(data, size, "feed.xml", override_encoding, kOptions), xmlFreeTextReader);
    if (!reader) throw std::runtime_error("it cannot be read");
    Feed feed;
    const char* ns = "";      // RSS's namespace: none, or Userland's
    bool in_channel = false;  // RSS: inside <channel>, where the items are
    bool channel_seen = false;
    int status = xmlTextReaderRead(reader.get());
    while (status == 1) {
        if (xmlTextReaderNodeType(reader.get()) != XML_READER_TYPE_ELEMENT) {
            status = xmlTextReaderRead(reader.get());
            continue;
        }
        const int depth = xmlTextReaderDepth(reader.get());
        const xmlNode* node = xmlTextReaderCurrentNode(reader.get());
        if (depth == 0) {  // the root: which kind of feed, decided once
            document.reset(xmlTextReaderCurrentDoc(reader.get()));
            const xmlDoc* doc = document.get();
            if (doc != nullptr && doc->intSubset != nullptr && doc->intSubset->entities != nullptr) {
                throw std::runtime_error("it declares entities, which agoras does not expand");
            }
            if (is(node, "rss") || is(node, "rss", kUserland)) {
                feed.kind = "rss";
                ns = is(node, "rss") ? "" : kUserland;
            } else if (is(node, "RDF", kRdf)) {
                feed.kind = "rdf";
            } else if (is(node, "feed", kAtom)) {
                feed.kind = "atom";
            } else {
                const std::string name = reinterpret_cast<const char*>(node->name);
                throw std::runtime_error(name == "html" ? "it is an HTML page, not a feed"
                                                        : "its root element <" + name + "> is not RSS, RDF or Atom");
            }
        } else if (depth == 1 && feed.kind == "rss") {
            in_channel = is(node, "channel", ns);
            channel_seen = channel_seen || in_channel;
        }
        const bool rss_item_here = feed.kind == "rss" && depth == 2 && in_channel && is(node, "item", ns);
        const bool rdf_item_here = feed.kind == "rdf" && depth == 1 && is(node, "item", kRss1);
        const bool atom_entry_here = feed.kind == "atom" && depth == 1 && is(node, "entry", kAtom);
        if (rss_item_here || rdf_item_here || atom_entry_here) {
            const xmlNode* item = xmlTextReaderExpand(reader.get());
            if (item == nullptr) not_well_formed();
            feed.items.push_back(atom_entry_here ? atom_entry(item) : rss_item(item, rss_item_here ? ns : kRss1));
            status = xmlTextReaderNext(reader.get());  // past the item, whose subtree the reader then frees
            continue;
        }
        status = xmlTextReaderRead(reader.get());
    }
    if (status != 0) not_well_formed();
    if (feed.kind.empty()) throw std::runtime_error("it is empty");
    if (feed.kind == "rss" && !channel_seen) throw std::runtime_error("an RSS feed without a channel");
    if (as_utf8 != nullptr) *as_utf8 = reencoded_as_utf8(data, size, override_encoding);
    return feed;
}

}  // namespace agoras::host::feeds
