// A vault record as the rest of the host sees it: who it belongs to, its fields and its times.
#pragma once

#include "vault/fields.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace agoras::host::vault {

struct RecordInfo {
    std::string platform;
    std::string identifier;
    std::int64_t created_at = 0;  // Unix seconds
    std::int64_t updated_at = 0;
    std::optional<std::int64_t> expires_at;
};

struct Record {
    RecordInfo info;
    Fields fields;
};

}  // namespace agoras::host::vault
