// The link-card parser (plugins/common/link_preview.cpp): any page gives a title, a description and an
// image URL (perhaps empty), with no network and nothing printed.
#include "link_preview.hpp"

#include <agoras/sdk/url.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string html(reinterpret_cast<const char*>(data), size);
    agoras::link_preview::parse_page_meta(html, "https://example.com/a/b?c#d");
    agoras::sdk::resolve_url("https://example.com/a/b", html.substr(0, 200));
    return 0;
}
