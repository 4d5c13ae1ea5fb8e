// Feed parsing (libxml2), in libagoras-services.so (feeds/feed.hpp).
#pragma once

#include "feeds/feed.hpp"
#include "services/outcome.hpp"

#include <string>

namespace agoras::host::services {

class FeedsApi {
public:
    static constexpr const char* kId = "feeds/1";
    virtual ~FeedsApi() = default;

    // A feed document parsed; AGORAS_ERR_REMOTE with the reason when it is not a feed.
    virtual Outcome parse(const std::string& xml, feeds::Feed& out) = 0;
};

}  // namespace agoras::host::services
