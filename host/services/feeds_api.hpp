// Feed parsing (libxml2), in libagoras-services.so (feeds/feed.hpp).
#pragma once

#include "feeds/feed.hpp"
#include "services/outcome.hpp"

#include <string>

namespace agoras::host::services {

class FeedsApi {
public:
    static constexpr const char* kId = "feeds/2";
    virtual ~FeedsApi() = default;

    // A feed document parsed, read in `encoding` when HTTP named one (feeds::parse_feed, which fills `as_utf8`);
    // AGORAS_ERR_REMOTE with the reason when it is not a feed.
    virtual Outcome parse(const std::string& xml, const std::string& encoding, feeds::Feed& out, std::string* as_utf8) = 0;
};

}  // namespace agoras::host::services
