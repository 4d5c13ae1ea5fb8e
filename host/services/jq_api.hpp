// jq filters for --jq: libjq, opened by libagoras-services.so on the first --jq, so that no other command loads it.
#pragma once

#include "services/outcome.hpp"

#include <string>
#include <vector>

namespace agoras::host::services {

class JqApi {
public:
    static constexpr const char* kId = "jq/1";
    virtual ~JqApi() = default;

    // Compiles the process's one filter; AGORAS_ERR_USAGE with jq's own message when it does not compile.
    virtual Outcome compile(const std::string& expression) = 0;
    // The compiled filter run on one JSON text: each output, a string as its text (as `jq -r` and gh print
    // them), anything else as compact JSON. AGORAS_ERR_GENERIC with jq's message when the filter fails on it.
    // Not for two threads at once.
    virtual Outcome apply(const std::string& json, std::vector<std::string>& outputs) = 0;
};

}  // namespace agoras::host::services
