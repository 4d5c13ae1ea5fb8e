// FeedsApi over feeds/ (libxml2).
#include "services/feeds_api.hpp"

#include <stdexcept>

namespace agoras::host::services {
namespace {

class FeedsService final : public FeedsApi {
public:
    Outcome parse(const std::string& xml, const std::string& encoding, feeds::Feed& out, std::string* as_utf8) override {
        try {
            out = feeds::parse_feed(xml, encoding, as_utf8);
            return {};
        } catch (const std::runtime_error& e) {
            return {AGORAS_ERR_REMOTE, e.what()};
        }
    }
};

}  // namespace

FeedsApi& feeds_service() {
    static FeedsService service;
    return service;
}

}  // namespace agoras::host::services
